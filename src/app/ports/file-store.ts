/** A sink for a file being written: chunks in order; close() makes it visible, abort() drops it. */
export interface FileWriter {
  /** Resolves when the chunk is accepted (backpressure: a slow store slows the writer down). */
  write(chunk: string | Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/** Reading a location (an input) or writing it (an export, a report). */
export type FileAccess = 'read' | 'write';

/**
 * Job inputs and outputs by location: a local path or `s3://bucket/key`. Reads stream (constant memory
 * whatever the size); a missing file is a NotFoundError naming the location. A store may be confined
 * (the API's jobs folder and jobs bucket): it then refuses other locations with a ValidationError, on
 * every operation, and `refusal` says why before anything is opened.
 */
export interface FileStore {
  /** Size in bytes; NotFoundError when absent. */
  size(location: string): Promise<number>;
  /** The bytes from `start` (default 0) to `end` (exclusive, default: the end), as they arrive. */
  read(location: string, range?: { start?: number; end?: number }): AsyncIterable<Uint8Array>;
  /** Creates or replaces the file; nothing is visible at `location` before close(). */
  createWriter(location: string, contentType: string): Promise<FileWriter>;
  /**
   * Why this store will not `access` the location (words that follow a field name, e.g. "must be a path
   * relative to the jobs folder"), or undefined when it will. A missing input is not a refusal: reading it
   * later is a NotFoundError. Absent: the store takes every location it can reach (S3 by key, the CLI).
   */
  refusal?(location: string, access: FileAccess): Promise<string | undefined>;
  /**
   * The location in a form that names the same file for every runtime, whatever its configuration (a bare
   * key in the jobs bucket as `s3://<bucket>/<key>`). Absent: locations are already that.
   */
  canonical?(location: string): string;
}
