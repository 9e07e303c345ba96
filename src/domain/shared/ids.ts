import * as z from './zod.js';

/**
 * Ids appear in URLs, so they are restricted to the URL-safe base64 alphabet. `__proto__` fits that
 * alphabet but not the places ids serve as member names (a cart's lines are a map of product id to
 * quantity): copying such a map, as reading a DynamoDB item back does, would turn that line into the
 * map's prototype and lose it.
 */
export const idSchema = z.string().check(
  z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of A-Z, a-z, 0-9, "_" or "-"'),
  z.refine((id) => id !== '__proto__', 'must not be __proto__'),
);

const LETTERS_AND_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ALPHABET = `${LETTERS_AND_DIGITS}-_`;

/** Random bytes one generated id consumes: two for its first character, one for each of the other 19. */
export const ID_RANDOM_BYTES = 21;

/**
 * 20 URL-safe characters, about 120 bits of entropy, so writers need no coordination. The first is a
 * letter or digit: an id starting with `-` reads as an option to curl, aws and most other command-line
 * tools. It comes from 16 bits modulo 62, which leaves every one of the 62 characters equally likely to
 * within 0.01%; the others take 6 bits each of a byte.
 */
export function idFromRandomBytes(bytes: Uint8Array): string {
  if (bytes.length < ID_RANDOM_BYTES) throw new RangeError(`an id needs ${ID_RANDOM_BYTES} random bytes`);
  const first = (((bytes[0] as number) << 8) | (bytes[1] as number)) % LETTERS_AND_DIGITS.length;
  let id = LETTERS_AND_DIGITS[first] as string;
  for (let i = 2; i < ID_RANDOM_BYTES; i++) id += ALPHABET[(bytes[i] as number) & 63];
  return id;
}

export function newId(): string {
  return idFromRandomBytes(crypto.getRandomValues(new Uint8Array(ID_RANDOM_BYTES)));
}

/**
 * 24 URL-safe characters, about 144 random bits: for an id that is the only key to what it names (a
 * guest's cart), well past the 128 bits that make guessing one hopeless.
 */
export function newSecretId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(ID_RANDOM_BYTES + 4));
  let tail = '';
  for (const byte of bytes.subarray(ID_RANDOM_BYTES)) tail += ALPHABET[byte & 63];
  return idFromRandomBytes(bytes) + tail;
}
