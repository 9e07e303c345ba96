import type { FileStore } from '../../app/ports/file-store.js';

/**
 * One FileStore for every location a job is given: `s3://bucket/key` goes to S3, anything else is a local
 * path. The S3 side is built on first use, so a local run never loads the S3 SDK.
 */
export function createRoutingFileStore(local: FileStore, s3: () => Promise<FileStore>): FileStore {
  const pick = async (location: string) => (location.startsWith('s3://') ? s3() : local);
  return {
    size: async (location) => (await pick(location)).size(location),
    async *read(location, range) {
      yield* (await pick(location)).read(location, range);
    },
    createWriter: async (location, contentType) => (await pick(location)).createWriter(location, contentType),
  };
}
