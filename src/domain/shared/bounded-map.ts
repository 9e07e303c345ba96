/**
 * A Map holding at most `maxEntries`: setting a key when it is full drops the oldest entry first (insertion
 * order), so a cache fed by requests cannot grow without bound. Setting a key again makes it the newest.
 *
 * @example
 *   const recent = new BoundedMap<string, Product>(10_000);
 *   recent.set(product.id, product); // the 10,001st distinct id drops the first
 */
export class BoundedMap<K, V> extends Map<K, V> {
  readonly #maxEntries: number;

  constructor(maxEntries: number) {
    super();
    this.#maxEntries = maxEntries;
  }

  override set(key: K, value: V): this {
    this.delete(key);
    if (this.size >= this.#maxEntries) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}
