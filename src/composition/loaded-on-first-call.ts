/** The async methods of T by name (each returns a promise or an async iterable). */
type AsyncMethodName<T> = {
  [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof T];

/**
 * An implementation of T that is built on the first call of any of its methods, which it then forwards
 * to: the code behind it (a dynamic import, a chunk of its own in the bundles) is not read at a Lambda
 * cold start unless a request needs it. Only for interfaces whose methods are all async.
 *
 * @example
 * const store = loadedOnFirstCall<JobStore>(
 *   () => import('../adapters/dynamodb/job-store.js').then((m) => m.createDynamoJobStore(table)),
 *   ['create', 'get', 'list', 'markRunning', 'reportProgress', 'recordShardResult', 'finish'],
 * );
 */
export function loadedOnFirstCall<T>(load: () => Promise<T>, methods: readonly AsyncMethodName<T>[]): T {
  let loaded: Promise<T> | undefined;
  const target = () => {
    if (loaded === undefined) {
      const current = load();
      loaded = current;
      // A failed load (a missing chunk cannot heal, but a thrown constructor might) is tried again next call.
      current.catch(() => {
        if (loaded === current) loaded = undefined;
      });
    }
    return loaded;
  };
  return Object.fromEntries(
    methods.map((name) => [
      name,
      async (...args: unknown[]) => {
        const implementation = await target();
        return (implementation[name] as (...args: unknown[]) => Promise<unknown>)(...args);
      },
    ]),
  ) as T;
}
