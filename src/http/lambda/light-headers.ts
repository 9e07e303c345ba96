/**
 * Headers without undici. Behaves like the fetch standard's Headers as Node implements it: names are
 * case-insensitive and validated, values trimmed and validated (both TypeError when invalid), repeated
 * values joined with ", " ("; " for Cookie), Set-Cookie kept as separate values, iteration sorted by name.
 */
export type LightHeadersInit = Iterable<readonly string[]> | Record<string, string>;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** HTTP whitespace around a value is dropped, as undici does before storing it. */
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
/** NUL, CR, LF, or anything outside Latin-1 (a ByteString) cannot be a header value. */
const INVALID_VALUE = /[\0\r\n\u0100-\uffff]/;

function headerName(name: string): string {
  const text = String(name);
  if (!TOKEN.test(text)) throw new TypeError(`Headers: "${text}" is an invalid header name.`);
  return text.toLowerCase();
}

function headerValue(name: string, value: unknown): string {
  const text = String(value).replace(EDGE_WHITESPACE, '');
  if (INVALID_VALUE.test(text)) throw new TypeError(`Headers: invalid value for header "${name}".`);
  return text;
}

export class LightHeaders {
  /** Lower-case name -> the combined value (Set-Cookie: its values joined, as get() returns them). */
  #values = new Map<string, string>();
  #cookies: string[] = [];

  constructor(init?: LightHeadersInit | LightHeaders) {
    if (init === undefined) return;
    if (init instanceof LightHeaders) {
      this.#values = new Map(init.#values);
      this.#cookies = [...init.#cookies];
    } else if (init === null || typeof init !== 'object') {
      throw new TypeError('Headers: the init must be an object, an array of pairs or Headers.');
    } else if (Symbol.iterator in init) {
      for (const pair of init as Iterable<readonly string[]>) {
        if (pair.length !== 2) throw new TypeError('Headers: each header must be a [name, value] pair.');
        this.append(pair[0] as string, pair[1] as string);
      }
    } else {
      for (const [name, value] of Object.entries(init)) this.append(name, value as string);
    }
  }

  append(name: string, value: string): void {
    const key = headerName(name);
    const text = headerValue(key, value);
    const existing = this.#values.get(key);
    this.#values.set(
      key,
      existing === undefined ? text : `${existing}${key === 'cookie' ? '; ' : ', '}${text}`,
    );
    if (key === 'set-cookie') this.#cookies.push(text);
  }

  set(name: string, value: string): void {
    const key = headerName(name);
    const text = headerValue(key, value);
    this.#values.set(key, text);
    if (key === 'set-cookie') this.#cookies = [text];
  }

  delete(name: string): void {
    const key = headerName(name);
    this.#values.delete(key);
    if (key === 'set-cookie') this.#cookies = [];
  }

  get(name: string): string | null {
    return this.#values.get(headerName(name)) ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(headerName(name));
  }

  getSetCookie(): string[] {
    return [...this.#cookies];
  }

  forEach(callback: (value: string, name: string, headers: LightHeaders) => void, thisArg?: unknown): void {
    for (const [name, value] of this.#sorted()) callback.call(thisArg, value, name, this);
  }

  *entries(): IterableIterator<[string, string]> {
    yield* this.#sorted();
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.#sorted()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.#sorted()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'Headers';
  }

  /** A snapshot, so callbacks may change the headers while iterating (as with undici's sorted list). */
  #sorted(): [string, string][] {
    const pairs: [string, string][] = [];
    for (const name of [...this.#values.keys()].sort()) {
      if (name === 'set-cookie') for (const cookie of this.#cookies) pairs.push([name, cookie]);
      else pairs.push([name, this.#values.get(name) as string]);
    }
    return pairs;
  }
}
