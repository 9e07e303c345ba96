import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../app/ports/clock.js';
import {
  JOB_FILE_LINK_SECONDS,
  SIGNED_DOWNLOAD_PATH,
  SIGNED_UPLOAD_PATH,
  type SignedFileClaim,
  type SignedJobFileLinks,
} from '../../app/ports/job-file-links.js';
import { ForbiddenError } from '../../domain/shared/errors.js';

// A location is at most 1,024 characters, so a genuine token is well under this.
const MAX_TOKEN_CHARS = 4096;

/**
 * Links for jobs in `DATA_DIR/jobs`, which no S3 can presign: the token in the URL is the claim (base64url
 * JSON) and its HMAC-SHA256, so the routes that serve it need no bearer token, as a presigned URL does not.
 * The key is random per process and never written anywhere: a restart retires every link (they live 15
 * minutes anyway).
 *
 * @example
 * const links = createSignedJobFileLinks({ clock: systemClock });
 * const { url } = await links.download('exports/catalog.csv', 'catalog.csv', 'http://localhost:3000');
 * links.verify(url.slice(url.lastIndexOf('/') + 1), 'get'); // { action: 'get', location: 'exports/catalog.csv', … }
 */
export function createSignedJobFileLinks(deps: { clock: Clock; key?: Uint8Array }): SignedJobFileLinks {
  const key = deps.key ?? randomBytes(32);
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest();
  const expiry = () => deps.clock.now().getTime() + JOB_FILE_LINK_SECONDS * 1000;
  const tokenOf = (claim: SignedFileClaim) => {
    const payload = Buffer.from(JSON.stringify(claim)).toString('base64url');
    return `${payload}.${sign(payload).toString('base64url')}`;
  };
  const iso = (ms: number) => new Date(ms).toISOString();

  return {
    async upload(location, { size, contentType }, origin) {
      const claim = { action: 'put', location, size, contentType, expiresAt: expiry() } as const;
      return {
        url: `${origin}${SIGNED_UPLOAD_PATH}${tokenOf(claim)}`,
        method: 'PUT',
        headers: { 'content-type': contentType },
        expiresAt: iso(claim.expiresAt),
      };
    },

    async download(location, fileName, origin) {
      const claim = { action: 'get', location, fileName, expiresAt: expiry() } as const;
      return { url: `${origin}${SIGNED_DOWNLOAD_PATH}${tokenOf(claim)}`, expiresAt: iso(claim.expiresAt) };
    },

    verify<A extends SignedFileClaim['action']>(token: string, action: A) {
      const [payload, signature, ...rest] = token.length > MAX_TOKEN_CHARS ? [] : token.split('.');
      const given = Buffer.from(signature ?? '', 'base64url');
      const expected = payload === undefined ? undefined : sign(payload);
      if (
        expected === undefined ||
        rest.length > 0 ||
        given.length !== expected.length ||
        !timingSafeEqual(given, expected)
      )
        throw new ForbiddenError('This link is not valid here: ask the API for a new one.');
      const claim = JSON.parse(Buffer.from(payload as string, 'base64url').toString()) as SignedFileClaim;
      if (claim.action !== action)
        throw new ForbiddenError(
          `This link is for a ${claim.action.toUpperCase()}, not a ${action.toUpperCase()}.`,
        );
      if (claim.expiresAt <= deps.clock.now().getTime())
        throw new ForbiddenError(`This link expired at ${iso(claim.expiresAt)}: ask the API for a new one.`);
      return claim as Extract<SignedFileClaim, { action: A }>;
    },
  };
}
