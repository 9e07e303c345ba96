import { MAX_IMAGE_ERROR_LENGTH } from './image.js';

/**
 * Why an uploaded file cannot become an image. Not DomainErrors: no client request is answered with them;
 * the image is marked `failed` with the message as its `error`, and the reason is logged. So the message
 * is shown to whoever reads the product: our own words about the file, never decoder or SDK text (keep
 * that in `cause`, which only the log sees).
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

/** What a failed image shows as its `error`: the message of one of the errors above, cut to a short line. */
export function imageFailureReason(error: UnsupportedImageError | ImageTooLargeError): string {
  const message = error.message.replace(/\s+/g, ' ').trim();
  return message.length <= MAX_IMAGE_ERROR_LENGTH
    ? message
    : `${message.slice(0, MAX_IMAGE_ERROR_LENGTH - 1)}…`;
}
