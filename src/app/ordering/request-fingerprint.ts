import { createHash } from 'node:crypto';
import { canonicalJson } from '../../domain/shared/canonical-json.js';

/**
 * sha256 of a request as canonical JSON: the same request written with keys in another order is the same
 * request, so its retry replays instead of being refused.
 */
export function requestFingerprint(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('base64url');
}
