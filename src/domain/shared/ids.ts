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

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 20 random URL-safe characters: 120 bits of entropy, no coordination needed between writers. */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
}
