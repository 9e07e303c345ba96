/** Which part of the work one run of an array job does: shard `index` of `count` (0-based). */
export interface Shard {
  index: number;
  count: number;
}

/** `i/n` as the --shard option writes it; undefined when it is not one (0 <= i < n). */
export function parseShard(text: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (match === null) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return count >= 1 && index < count ? { index, count } : undefined;
}

/**
 * The shard an id belongs to: FNV-1a of the id modulo the count. Stable across runs and machines, so every
 * product lands in exactly one shard whatever order the shards list products in.
 */
export function shardOf(id: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}
