import { afterAll, beforeAll } from 'vitest';

/**
 * Something a test file starts once (beforeAll) and stops after its tests (afterAll); the getter throws when
 * called outside tests and hooks, where the thing does not exist yet or any more.
 */
export function perTestFile<T>(
  what: string,
  start: () => Promise<T>,
  stop: (value: T) => Promise<void>,
): () => T {
  let value: T | undefined;
  beforeAll(async () => {
    value = await start();
  });
  afterAll(async () => {
    if (value !== undefined) await stop(value);
  });
  return () => {
    if (value === undefined) throw new Error(`${what} exists only inside tests and hooks`);
    return value;
  };
}
