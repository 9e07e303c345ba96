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
 * Without a local store but with exactly one bucket (the API and the jobs on AWS), a relative path is a key
 * in that bucket: `exports/catalog.csv` names the same file wherever jobs run, and whoever starts one (the
 * admin console) need not know the bucket's name.
 *
 * @example
 * // The API on AWS: the jobs bucket only.
 * const files = createRoutingFileStore({ s3: () => s3Store, buckets: ['my-jobs'] });
 * await files.refusal('s3://other/x.csv', 'read'); // "must be s3://my-jobs/<key>"
 */
export function createRoutingFileStore(options: RoutingFileStoreOptions): FileStore {
  const { local, s3, buckets } = options;
  const defaultBucket =
    local === undefined && buckets !== 'any' && buckets.length === 1 ? buckets[0] : undefined;
  const allowed = [
    ...(local === undefined ? [] : ['a path relative to the jobs folder']),
    ...(buckets === 'any' ? ['s3://<bucket>/<key>'] : buckets.map((bucket) => `s3://${bucket}/<key>`)),
    ...(defaultBucket === undefined ? [] : ['just the <key>']),
  ];
  const mustBe =
    allowed.length === 0
      ? 'cannot be used here: no jobs folder or jobs bucket (JOBS_BUCKET) is configured'
      : `must be ${allowed.join(' or ')}`;

  /** The store for a location and the location as that store names it, or why there is none. */
  const route = async (location: string): Promise<{ store: FileStore; at: string } | string> => {
    if (!location.startsWith('s3://')) {
      if (local !== undefined) return { store: local, at: location };
      if (defaultBucket === undefined) return mustBe;
      if (location === '' || location.startsWith('/')) return `${mustBe} (a key does not start with "/")`;
      return { store: await s3(), at: `s3://${defaultBucket}/${location}` };
    }
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
    if (match === null) return `${mustBe} (an s3:// location names a bucket and a key)`;
    if (buckets !== 'any' && !buckets.includes(match[1] as string)) return mustBe;
    return { store: await s3(), at: location };
  };
  const pick = async (location: string) => {
    const routed = await route(location);
    if (typeof routed === 'string') {
      throw new ValidationError(`The job file "${location}" is not allowed: it ${routed}.`, [
        { path: 'location', message: routed },
      ]);
    }
    return routed;
  };

  return {
    async size(location) {
      const { store, at } = await pick(location);
      return store.size(at);
    },
    async *read(location, range) {
      const { store, at } = await pick(location);
      yield* store.read(at, range);
    },
    async createWriter(location, contentType) {
      const { store, at } = await pick(location);
      return store.createWriter(at, contentType);
    },
    async refusal(location, access) {
      const routed = await route(location);
      return typeof routed === 'string' ? routed : routed.store.refusal?.(routed.at, access);
    },
    canonical: (location) =>
      defaultBucket === undefined || location.startsWith('s3://')
        ? location
        : `s3://${defaultBucket}/${location}`,
  };
}
