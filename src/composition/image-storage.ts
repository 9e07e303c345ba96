import type { ObjectStore } from '../app/ports/object-store.js';
import type { ImageStorageConfig } from '../config/config.js';
import { publicObjectUrl } from '../domain/media/image.js';

/**
 * The image bucket as an ObjectStore: one S3 client, reused across requests and invocations. The S3 SDK is
 * loaded on first use (a dynamic import: a chunk of its own in the bundles), so API cold starts that serve
 * no image upload do not pay ~170 KB of S3 client code.
 */
export function createImageObjectStore(config: ImageStorageConfig, region: string): ObjectStore {
  let store: Promise<ObjectStore> | undefined;
  const load = () => {
    store ??= Promise.all([
      import('../adapters/s3/client.js'),
      import('../adapters/s3/object-store.js'),
    ]).then(([{ createS3Client }, { createS3ObjectStore }]) =>
      createS3ObjectStore({
        client: createS3Client({ region, endpoint: config.endpoint }),
        bucket: config.bucket,
        publicBaseUrl: config.publicBaseUrl,
      }),
    );
    return store;
  };
  return {
    presignPut: async (key, options) => (await load()).presignPut(key, options),
    get: async (key) => (await load()).get(key),
    etagOf: async (key) => (await load()).etagOf(key),
    put: async (key, bytes, contentType) => (await load()).put(key, bytes, contentType),
    list: async (prefix) => (await load()).list(prefix),
    delete: async (keys) => (await load()).delete(keys),
    publicUrl: (key) => publicObjectUrl(config.publicBaseUrl, key),
  };
}
