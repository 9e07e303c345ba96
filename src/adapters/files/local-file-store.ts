import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { FileStore, FileWriter } from '../../app/ports/file-store.js';
import { NotFoundError } from '../../domain/shared/errors.js';

/**
 * Job files on the local disk. A file being written goes to `<path>.partial` and is renamed on close(), so
 * a reader (or a rerun after a crash) never sees half a report or export under the final name.
 */
export function createLocalFileStore(): FileStore {
  return {
    async size(location) {
      try {
        return (await stat(location)).size;
      } catch (error) {
        throw notFound(location, error);
      }
    },

    async *read(location, range = {}) {
      const stream = createReadStream(location, {
        start: range.start ?? 0,
        ...(range.end === undefined ? {} : { end: range.end - 1 }),
      });
      try {
        for await (const chunk of stream) yield chunk as Uint8Array;
      } catch (error) {
        throw notFound(location, error);
      } finally {
        stream.destroy();
      }
    },

    async createWriter(location) {
      const path = resolve(location);
      const partial = `${path}.partial`;
      await mkdir(dirname(path), { recursive: true });
      const stream = createWriteStream(partial);
      await once(stream, 'open');
      const writer: FileWriter = {
        async write(chunk) {
          if (!stream.write(chunk)) await once(stream, 'drain');
        },
        async close() {
          await new Promise<void>((done, fail) =>
            stream.end((error?: Error | null) => (error ? fail(error) : done())),
          );
          await rename(partial, path);
        },
        async abort() {
          // A write still in flight then fails with ERR_STREAM_DESTROYED: harmless for a discarded file, but
          // unheard it would crash the process (exit 1 instead of the 75 an interrupted job owes).
          stream.on('error', () => undefined);
          stream.destroy();
          await rm(partial, { force: true });
        },
      };
      return writer;
    },
  };
}

function notFound(location: string, error: unknown): Error {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return new NotFoundError(`No file at "${location}".`);
  }
  return error as Error;
}
