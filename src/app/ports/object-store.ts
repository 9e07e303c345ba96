/** A presigned request the client sends itself, with exactly these headers. */
export interface PresignedUpload {
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
}

export interface StoredObject {
  bytes: Uint8Array;
  /** The object's entity tag, without quotes. */
  etag: string;
  contentType?: string;
}

/**
 * The image bucket (S3, or the local S3 stand-in). Keys are plain strings; a missing object is undefined,
 * not an error.
 */
export interface ObjectStore {
  /** A PUT the client can send directly, bound to this content type and length, valid for `expiresInSeconds`. */
  presignPut(
    key: string,
    options: { contentType: string; contentLength: number; expiresInSeconds: number },
  ): Promise<PresignedUpload>;
  get(key: string): Promise<StoredObject | undefined>;
  /** The current entity tag (without quotes) of the object, undefined if there is none: a HEAD, no body. */
  etagOf(key: string): Promise<string | undefined>;
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Every key under the prefix (all pages). */
  list(prefix: string): Promise<string[]>;
  /** Deletes the keys; absent ones are fine. */
  delete(keys: readonly string[]): Promise<void>;
  /** Where a browser can fetch the object (a CDN or the bucket's URL). */
  publicUrl(key: string): string;
}
