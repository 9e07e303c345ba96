/**
 * A set of strings that may answer "maybe" for one it never held, never "no" for one it did, in constant
 * memory: 2 MB answer ~2 % false "maybe"s for 2,000,000 strings, more beyond (each costs its caller only the
 * careful path). Double hashing of two FNV-1a variants stands in for k independent hashes (Kirsch and
 * Mitzenmacher, 2006).
 */
export class BloomFilter {
  readonly #bits: Uint32Array;
  readonly #mask: number;
  readonly #hashes: number;

  /** `log2Bits`: the filter holds 2^log2Bits bits (21 = 256 KB, 24 = 2 MB). */
  constructor(log2Bits = 24, hashes = 7) {
    this.#bits = new Uint32Array(2 ** (log2Bits - 5));
    this.#mask = 2 ** log2Bits - 1;
    this.#hashes = hashes;
  }

  add(value: string): void {
    this.#positions(value, (bit) => {
      this.#bits[bit >>> 5] = (this.#bits[bit >>> 5] as number) | (1 << (bit & 31));
      return true;
    });
  }

  /** False only for a value that was never added. */
  mightHave(value: string): boolean {
    return this.#positions(value, (bit) => ((this.#bits[bit >>> 5] as number) & (1 << (bit & 31))) !== 0);
  }

  /** Visits the value's bit positions while `visit` returns true; true when it always did. */
  #positions(value: string, visit: (bit: number) => boolean): boolean {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      h1 = Math.imul(h1 ^ code, 0x01000193);
      h2 = Math.imul(h2 ^ code, 0x5bd1e995);
    }
    h2 |= 1; // odd: every step reaches a new bit
    for (let i = 0; i < this.#hashes; i++) {
      if (!visit((h1 + Math.imul(i, h2)) & this.#mask)) return false;
    }
    return true;
  }
}
