import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ID_RANDOM_BYTES, idFromRandomBytes, idSchema, newId } from './ids.js';
import * as z from './zod.js';

const randomBytes = fc.uint8Array({ minLength: ID_RANDOM_BYTES, maxLength: ID_RANDOM_BYTES });

describe('generated ids', () => {
  it('are 20 URL-safe characters starting with a letter or digit, whatever the random bytes', () => {
    fc.assert(
      fc.property(randomBytes, (bytes) => {
        const id = idFromRandomBytes(bytes);
        expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{19}$/);
        expect(z.safeParse(idSchema, id).success).toBe(true);
      }),
    );
  });

  it('never start with "-" or "_", even from bytes that used to give one', () => {
    // 62 and 63 in the low six bits were "-" and "_" as a first character.
    for (const byte of [62, 63, 126, 127, 254, 255]) {
      const bytes = new Uint8Array(ID_RANDOM_BYTES).fill(byte);
      expect(idFromRandomBytes(bytes)).toMatch(/^[A-Za-z0-9]/);
    }
  });

  it('can start with any of the 62 letters and digits', () => {
    const firsts = new Set<string>();
    for (let value = 0; value < 62; value++) {
      const bytes = new Uint8Array(ID_RANDOM_BYTES);
      bytes[1] = value;
      firsts.add(idFromRandomBytes(bytes).charAt(0));
    }
    expect(firsts.size).toBe(62);
  });

  it('still use "-" and "_" after the first character', () => {
    const bytes = new Uint8Array(ID_RANDOM_BYTES).fill(62);
    bytes[ID_RANDOM_BYTES - 1] = 63;
    expect(idFromRandomBytes(bytes)).toMatch(/^[A-Za-z0-9]-{18}_$/);
  });

  it('differ from one call to the next', () => {
    const ids = Array.from({ length: 10_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[A-Za-z0-9][A-Za-z0-9_-]{19}$/.test(id))).toBe(true);
  });
});
