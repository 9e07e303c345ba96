/**
 * Runs up to `limit` tasks at once and hands their results on in the order the tasks were pushed, so a job
 * overlaps storage round trips yet writes its report in file order, holding at most `limit` results.
 */
export interface OrderedPipeline<T> {
  /** Waits for room (the oldest task's result handed on), then starts the task. */
  push(task: () => Promise<T>, keys?: ReadonlySet<string>): Promise<void>;
  /** Waits for every task started so far, handing their results on. */
  drain(): Promise<void>;
}

export function createOrderedPipeline<T>(
  limit: number,
  onResult: (result: T) => Promise<void> | void,
): OrderedPipeline<T> {
  const queue: { result: Promise<T>; keys?: ReadonlySet<string> }[] = [];
  const handOnOldest = async () => {
    const oldest = queue.shift();
    if (oldest !== undefined) await onResult(await oldest.result);
  };
  const drain = async () => {
    while (queue.length > 0) await handOnOldest();
  };
  return {
    async push(task, keys) {
      // A task that touches what a running one touches waits for it: their order is the file's order.
      if (keys !== undefined && queue.some((entry) => overlaps(entry.keys, keys))) await drain();
      while (queue.length >= limit) await handOnOldest();
      const result = task();
      // Awaited in order by handOnOldest; until then a failure must not count as unhandled.
      result.catch(() => undefined);
      queue.push({ result, ...(keys === undefined ? {} : { keys }) });
    },
    drain,
  };
}

function overlaps(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): boolean {
  if (a === undefined) return false;
  for (const key of b) if (a.has(key)) return true;
  return false;
}
