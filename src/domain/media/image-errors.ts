/**
 * Why an uploaded file cannot become an image. Not DomainErrors: no client request is answered with them;
 * the image is marked `failed` and the reason is logged.
 */
export class UnsupportedImageError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'UnsupportedImageError';
  }
}

/** More pixels than MAX_INPUT_PIXELS (a decompression bomb) or more bytes than MAX_UPLOAD_BYTES. */
export class ImageTooLargeError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'ImageTooLargeError';
  }
}
