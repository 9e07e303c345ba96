/** A response as it was sent, so a retried request can get exactly the same bytes back. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyClaim =
  | { state: 'claimed' } // first time: the caller does the work, then calls complete() or release()
  | { state: 'in_progress' } // another request with this key is running
  | { state: 'mismatch' } // the key was used with a different request
  | { state: 'completed'; response: StoredResponse };

/**
 * Records keyed by (scope, key) that make a POST safe to retry: a client that lost the answer sends the
 * same request again and gets the first answer, not a second order. `fingerprint` identifies
 * the request body; records expire after `ttlSeconds`. A claim left behind by a crashed request expires
 * after `lockSeconds`, so the key does not stay blocked forever.
 */
export interface IdempotencyStore {
  claim(
    key: string,
    fingerprint: string,
    options: { ttlSeconds: number; lockSeconds: number },
  ): Promise<IdempotencyClaim>;
  complete(key: string, response: StoredResponse): Promise<void>;
  /** Forgets an unfinished claim (the request failed in a way a retry may fix). */
  release(key: string): Promise<void>;
}
