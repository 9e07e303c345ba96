export const ROLES = ['admin', 'customer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling. Anonymous callers have no principal at all. */
export interface Principal {
  sub: string;
  roles: Role[];
  /** The token's `email` claim when it holds one address: an order's email defaults to it. */
  email?: string;
}

/** Verifies a bearer token (signature, expiry, issuer) and says who it belongs to; UnauthenticatedError otherwise. */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}
