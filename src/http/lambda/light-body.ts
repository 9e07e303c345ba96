import type { LightHeaders } from './light-headers.js';
import { nativeFetchClass } from './native-fetch-classes.js';

/** What a light Request or Response holds: bytes in memory, or a stream read on first use. */
type BodySource = Uint8Array | ReadableStream<Uint8Array> | null;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

class BodyState {
  used = false;
  view: LightBodyStream | undefined;
  constructor(public source: BodySource) {}
}

function unusable(): TypeError {
  return new TypeError('Body is unusable: Body has already been read');
}

/**
 * `request.body` / `response.body` for bytes held in memory: enough of a ReadableStream for what reads
 * a body through it (Hono's bodyLimit reads with getReader(); Hono's Context passes `res.body` on to a
 * new Response, which takes the bytes without copying them through a stream).
 */
export class LightBodyStream {
  readonly #state: BodyState;

  constructor(state: BodyState) {
    this.#state = state;
  }

  get locked(): boolean {
    return this.#state.used;
  }

  getReader() {
    const bytes = this.take();
    let done = bytes.byteLength === 0;
    return {
      closed: Promise.resolve(undefined),
      async read(): Promise<{ done: true; value: undefined } | { done: false; value: Uint8Array }> {
        if (done) return { done: true, value: undefined };
        done = true;
        return { done: false, value: bytes };
      },
      async cancel(): Promise<void> {
        done = true;
      },
      releaseLock(): void {},
    };
  }

  async cancel(): Promise<void> {
    this.#state.used = true;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    const reader = this.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) yield chunk.value;
  }

  /** The bytes, for a new Request or Response built from this body; the old one's body is then used. */
  take(): Uint8Array {
    if (this.#state.used) throw new TypeError('The body is locked or has already been read.');
    this.#state.used = true;
    return this.#state.source as Uint8Array;
  }
}

/** A body init as the fetch standard takes it, turned into bytes (or a stream) and its default content type. */
export function extractBody(init: unknown): { source: BodySource; contentType: string | null } {
  if (init === null || init === undefined) return { source: null, contentType: null };
  if (typeof init === 'string')
    return { source: encoder.encode(init), contentType: 'text/plain;charset=UTF-8' };
  if (init instanceof LightBodyStream) return { source: init.take(), contentType: null };
  // Copied, as the standard does: the caller may change its buffer afterwards.
  if (init instanceof ArrayBuffer) return { source: new Uint8Array(init.slice(0)), contentType: null };
  if (ArrayBuffer.isView(init)) {
    const end = init.byteOffset + init.byteLength;
    return { source: new Uint8Array(init.buffer.slice(init.byteOffset, end)), contentType: null };
  }
  if (init instanceof URLSearchParams) {
    return {
      source: encoder.encode(init.toString()),
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
    };
  }
  if (typeof (init as ReadableStream).getReader === 'function') {
    return { source: init as ReadableStream<Uint8Array>, contentType: null };
  }
  // Blob, FormData, async iterables: rare here, and undici knows their encodings (a multipart boundary).
  const native = new (nativeFetchClass('Response'))(init as ConstructorParameters<typeof Response>[0]);
  return { source: native.body, contentType: native.headers.get('content-type') };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) chunks.push(chunk.value);
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

/** The body half of the light Request and Response: read once, as text, JSON, bytes, a Blob or form data. */
export abstract class LightBody {
  readonly #state: BodyState;
  abstract readonly headers: LightHeaders;

  protected constructor(source: BodySource) {
    this.#state = new BodyState(source);
  }

  get body(): LightBodyStream | ReadableStream<Uint8Array> | null {
    const { source } = this.#state;
    if (source === null || !(source instanceof Uint8Array)) return source;
    this.#state.view ??= new LightBodyStream(this.#state);
    return this.#state.view;
  }

  get bodyUsed(): boolean {
    const { source, used } = this.#state;
    return used || (source !== null && !(source instanceof Uint8Array) && source.locked);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#consume();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    return this.#consume();
  }

  async text(): Promise<string> {
    return decoder.decode(await this.#consume());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async blob(): Promise<Blob> {
    const bytes = await this.#consume();
    return new Blob([bytes], { type: this.headers.get('content-type') ?? '' });
  }

  async formData(): Promise<FormData> {
    const bytes = await this.#consume();
    const contentType = this.headers.get('content-type');
    const headers = contentType === null ? undefined : { 'content-type': contentType };
    return new (nativeFetchClass('Response'))(bytes, { headers }).formData();
  }

  /** The source for a clone: the same bytes (never written to), or one branch of a tee'd stream. */
  protected cloneSource(): BodySource {
    if (this.bodyUsed) throw new TypeError('Cannot clone a body that has already been read.');
    const { source } = this.#state;
    if (source === null || source instanceof Uint8Array) return source;
    const [mine, theirs] = source.tee();
    this.#state.source = mine;
    return theirs;
  }

  async #consume(): Promise<Uint8Array> {
    if (this.bodyUsed) throw unusable();
    this.#state.used = true;
    const { source } = this.#state;
    if (source === null) return new Uint8Array(0);
    return source instanceof Uint8Array ? source : readAll(source);
  }
}
