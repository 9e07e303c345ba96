import { mkdir, open, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { FileStore } from '../../app/ports/file-store.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { partialFileWriter, readOpenFile } from './file-handles.js';

/**
 * Job files anywhere on the local disk, for `npm run job` in the user's own shell (their paths, their
 * permissions). Jobs started through the API use the jobs folder instead (jobs-folder-store.ts). A file
 * being written goes to `<path>.partial` and is renamed on close().
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
      const handle = await open(location, 'r').catch((error: unknown) => {
        throw notFound(location, error);
      });
      yield* readOpenFile(handle, range);
    },

    async createWriter(location) {
      const path = resolve(location);
      const partial = `${path}.partial`;
      await mkdir(dirname(path), { recursive: true });
      return partialFileWriter(await open(partial, 'w'), partial, path);
    },
  };
}

function notFound(location: string, error: unknown): Error {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return new NotFoundError(`No file at "${location}".`);
  }
  return error as Error;
}
