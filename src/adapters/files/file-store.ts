import type { FileStore } from '../../app/ports/file-store.js';
import { ValidationError } from '../../domain/shared/errors.js';

export interface RoutingFileStoreOptions {
  /** Local paths; absent: refused (jobs started through the API on AWS use the jobs bucket only). */
  local?: FileStore;
  /** Built on first use, so a run without s3:// locations never loads the S3 SDK. */
  s3: () => Promise<FileStore>;
  /** The buckets s3:// locations may name: `any` (the CLI in the user's shell), or these (maybe none). */
  buckets: 'any' | readonly string[];
}

/**
 * One FileStore for every location a job is given: `s3://bucket/key` goes to S3, anything else is a local
 * path. Locations it was not given a store or a bucket for are refused with a ValidationError (and by
 * `refusal`, before a job is recorded), so the API can only reach the jobs folder and the jobs bucket.
 *
 * @example
 * // The API on AWS: the jobs bucket only.
 * const files = createRoutingFileStore({ s3: () => s3Store, buckets: ['my-jobs'] });
 * await files.refusal('s3://other/x.csv', 'read'); // "must be s3://my-jobs/<key>"
 */
export function createRoutingFileStore(options: RoutingFileStoreOptions): FileStore {
  const { local, s3, buckets } = options;
  const allowed = [
    ...(local === undefined ? [] : ['a path relative to the jobs folder']),
    ...(buckets === 'any' ? ['s3://<bucket>/<key>'] : buckets.map((bucket) => `s3://${bucket}/<key>`)),
  ];
  const mustBe =
    allowed.length === 0
      ? 'cannot be used here: no jobs folder or jobs bucket (JOBS_BUCKET) is configured'
      : `must be ${allowed.join(' or ')}`;

  /** The store for a location, or why there is none. */
  const route = async (location: string): Promise<FileStore | string> => {
    if (!location.startsWith('s3://')) return local ?? mustBe;
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
    if (match === null) return `${mustBe} (an s3:// location names a bucket and a key)`;
    if (buckets !== 'any' && !buckets.includes(match[1] as string)) return mustBe;
    return s3();
  };
  const pick = async (location: string) => {
    const store = await route(location);
    if (typeof store === 'string') {
      throw new ValidationError(`The job file "${location}" is not allowed: it ${store}.`, [
        { path: 'location', message: store },
      ]);
    }
    return store;
  };

  return {
    size: async (location) => (await pick(location)).size(location),
    async *read(location, range) {
      yield* (await pick(location)).read(location, range);
    },
    createWriter: async (location, contentType) => (await pick(location)).createWriter(location, contentType),
    async refusal(location, access) {
      const store = await route(location);
      return typeof store === 'string' ? store : store.refusal?.(location, access);
    },
  };
}
