import { once } from 'node:events';
import type { FileHandle } from 'node:fs/promises';
import { rename, rm } from 'node:fs/promises';
import type { FileWriter } from '../../app/ports/file-store.js';

/** The bytes of an open file from `start` to `end` (exclusive); the handle is closed when reading stops. */
export async function* readOpenFile(
  handle: FileHandle,
  range: { start?: number; end?: number } = {},
): AsyncIterable<Uint8Array> {
  const stream = handle.createReadStream({
    start: range.start ?? 0,
    ...(range.end === undefined ? {} : { end: range.end - 1 }),
    autoClose: true,
  });
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } finally {
    stream.destroy();
  }
}

/**
 * A writer over `<final>.partial`, already open as `handle`: close() renames it to `final`, so a reader (or a
 * rerun after a crash) never sees half a report or export under the final name; abort() deletes it.
 */
export async function partialFileWriter(
  handle: FileHandle,
  partial: string,
  final: string,
): Promise<FileWriter> {
  const stream = handle.createWriteStream({ autoClose: true });
  return {
    async write(chunk) {
      if (!stream.write(chunk)) await once(stream, 'drain');
    },
    async close() {
      await new Promise<void>((done, fail) =>
        stream.end((error?: Error | null) => (error ? fail(error) : done())),
      );
      await rename(partial, final);
    },
    async abort() {
      // A write still in flight then fails with ERR_STREAM_DESTROYED: harmless for a discarded file, but
      // unheard it would crash the process (exit 1 instead of the 75 an interrupted job owes).
      stream.on('error', () => undefined);
      stream.destroy();
      await rm(partial, { force: true });
    },
  };
}
