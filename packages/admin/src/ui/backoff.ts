/**
 * How long to wait before the next poll: starts at `first` ms and doubles up to `max`, so a settled-soon
 * resource is seen quickly and a slow one costs few requests (an image takes about a second, an import
 * minutes).
 *
 * @example
 *   pollDelay(0) // 500
 *   pollDelay(3) // 4000
 *   pollDelay(9) // 10000 (the cap)
 */
export function pollDelay(attempt: number, { first = 500, max = 10_000 } = {}): number {
  return Math.min(max, first * 2 ** Math.max(0, attempt));
}
