/** Time as a port, so tests can pin it and ordering by createdAt stays deterministic. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
