import { useEffect, useRef, useState } from 'preact/hooks';
import { pollDelay } from './backoff';

export type Polled<T> =
  | { state: 'loading' }
  | { state: 'ready'; value: T; settled: boolean }
  | { state: 'failed'; error: unknown };

/**
 * Reads `load` until `isSettled` says the value will not change, waiting longer between reads each time
 * (ui/backoff.ts). Stops when settled, when the component goes away (the page is left) or when `deps`
 * change; `restart` reads again at once and starts the backoff over (after an upload, say). A failed read
 * stops polling and shows the error; `restart` tries again.
 *
 * @example
 *   const [job, restart] = usePolling(() => getJob(id), (j) => j.status === 'succeeded' || j.status === 'failed', [id]);
 */
export function usePolling<T>(
  load: () => Promise<T>,
  isSettled: (value: T) => boolean,
  deps: unknown[],
): [Polled<T>, () => void] {
  const [result, setResult] = useState<Polled<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  // The latest callbacks, without restarting the loop when the caller passes new closures.
  const latest = useRef({ load, isSettled });
  latest.current = { load, isSettled };
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (attempt: number) => {
      try {
        const value = await latest.current.load();
        if (stopped) return;
        const settled = latest.current.isSettled(value);
        setResult({ state: 'ready', value, settled });
        if (!settled) timer = setTimeout(() => void poll(attempt + 1), pollDelay(attempt));
      } catch (error) {
        if (!stopped) setResult({ state: 'failed', error });
      }
    };
    void poll(0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [...deps, round]);
  return [result, () => setRound((n) => n + 1)];
}
