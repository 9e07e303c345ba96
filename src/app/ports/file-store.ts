/** A sink for a file being written: chunks in order; close() makes it visible, abort() drops it. */
export interface FileWriter {
  /** Resolves when the chunk is accepted (backpressure: a slow store slows the writer down). */
  write(chunk: string): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Job inputs and outputs by location: a local path or `s3://bucket/key`. Reads stream (constant memory
 * whatever the size); a missing file is a NotFoundError naming the location.
 */
export interface FileStore {
  /** Size in bytes; NotFoundError when absent. */
  size(location: string): Promise<number>;
  /** The bytes from `start` (default 0) to `end` (exclusive, default: the end), as they arrive. */
  read(location: string, range?: { start?: number; end?: number }): AsyncIterable<Uint8Array>;
  /** Creates or replaces the file; nothing is visible at `location` before close(). */
  createWriter(location: string, contentType: string): Promise<FileWriter>;
}
