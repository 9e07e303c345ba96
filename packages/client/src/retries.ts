/** How often and how long the client retries what is safe to retry. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 3; 1 never retries). */
  attempts?: number;
  /** The longest wait between two attempts, whatever Retry-After says (default 5000 ms). */
  maxDelayMs?: number;
}

/** What one attempt ended with: a response, or the error fetch threw (the network, a timeout). */
type Attempt = { response: Response } | { error: unknown };

/**
 * Runs `attempt` until it gets an answer worth returning: a 503 is tried again after its Retry-After, and a
 * request that never got an answer (the connection dropped) after a short backoff, up to `attempts` times.
 * Only requests that are safe to repeat may come here: reads, PUT, DELETE, and POSTs with an
 * Idempotency-Key, which the caller keeps the same for every attempt.
 */
export async function withRetries(
  attempt: () => Promise<Response>,
  { attempts = 3, maxDelayMs = 5000 }: RetryOptions = {},
): Promise<Response> {
  for (let tried = 1; ; tried++) {
    const outcome: Attempt = await attempt().then(
      (response) => ({ response }),
      (error: unknown) => ({ error }),
    );
    const last = tried >= attempts;
    if ('response' in outcome) {
      if (outcome.response.status !== 503 || last) return outcome.response;
      const retryAfter = Number(outcome.response.headers.get('retry-after'));
      await outcome.response.body?.cancel();
      await sleep(Math.min(Number.isFinite(retryAfter) ? retryAfter * 1000 : 1000, maxDelayMs));
    } else {
      if (last) throw outcome.error;
      await sleep(Math.min(100 * 2 ** tried, maxDelayMs));
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
