import type { Context } from 'hono';
import { contentTypeOf } from '../../app/jobs/job-files.js';
import type { FileStore } from '../../app/ports/file-store.js';
import type { SignedJobFiles } from '../../app/ports/job-file-links.js';
import { attachment } from '../../domain/shared/attachment.js';
import { ValidationError } from '../../domain/shared/errors.js';
import type { AppEnv } from '../app-env.js';
import { problemResponse } from '../problem.js';

/** PUT /jobs/uploads/{token}: the bytes of an upload, exactly as many as the link says, into the file. */
export async function receiveUpload(c: Context<AppEnv>, deps: SignedJobFiles): Promise<Response> {
  const { links, files } = await deps.open();
  const claim = links.verify(c.req.param('token') ?? '', 'put');
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== claim.contentType)
    return closing(
      problemResponse(c, 415, `This link takes ${claim.contentType}.`, {
        errors: [{ path: 'header.content-type', message: `must be ${claim.contentType}` }],
      }),
    );
  const length = c.req.header('content-length');
  if (length === undefined) return closing(problemResponse(c, 411, `Send Content-Length: ${claim.size}.`));
  if (Number(length) !== claim.size)
    return closing(
      problemResponse(c, 400, `This link takes exactly ${claim.size} bytes.`, {
        errors: [{ path: 'header.content-length', message: `must be ${claim.size}` }],
      }),
    );
  await storeBody(c, files, claim.location, claim.contentType, claim.size);
  return c.json({ location: claim.location, size: claim.size }, 200);
}

/** GET /jobs/downloads/{token}: the file, as an attachment. */
export async function serveDownload(c: Context<AppEnv>, deps: SignedJobFiles): Promise<Response> {
  const { links, files } = await deps.open();
  const claim = links.verify(c.req.param('token') ?? '', 'get');
  const size = await files.size(claim.location);
  return c.body(streamOf(files.read(claim.location)[Symbol.asyncIterator]()), 200, {
    'content-type': contentTypeOf(claim.fileName),
    'content-length': String(size),
    'content-disposition': attachment(claim.fileName),
    'cache-control': 'private, no-store',
  });
}

/** The rest of an unread body stays on the connection: it cannot carry another request. */
function closing(response: Response): Response {
  response.headers.set('connection', 'close');
  return response;
}

/** Streams the request body into the file; anything but exactly `size` bytes leaves nothing behind. */
async function storeBody(
  c: Context<AppEnv>,
  files: FileStore,
  location: string,
  contentType: string,
  size: number,
): Promise<void> {
  const writer = await files.createWriter(location, contentType);
  let received = 0;
  try {
    const body = c.req.raw.body as AsyncIterable<Uint8Array> | null;
    const chunks = body?.[Symbol.asyncIterator]();
    while (chunks !== undefined && received <= size) {
      const next = await chunks.next().catch(() => {
        // The client went away (or its connection broke) part way: its mistake, not the server's.
        throw new ValidationError(`The upload ended after ${received} of its ${size} bytes.`, [
          { path: 'body', message: `ended after ${received} of ${size} bytes` },
        ]);
      });
      if (next.done) break;
      received += next.value.byteLength;
      if (received <= size) await writer.write(next.value);
    }
    if (received !== size) {
      throw new ValidationError(`The body was not the ${size} bytes announced.`, [
        { path: 'header.content-length', message: `must be the body's length, ${size}` },
      ]);
    }
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/** An async iterator as a web stream that pulls it chunk by chunk (Node 20.0 has no ReadableStream.from). */
function streamOf(chunks: AsyncIterator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return?.();
    },
  });
}
