import { createS3Client } from '../adapters/s3/client.js';
import { createS3ObjectStore } from '../adapters/s3/object-store.js';
import type { ObjectStore } from '../app/ports/object-store.js';
import type { ImageStorageConfig } from '../config/config.js';

/** The image bucket as an ObjectStore: one S3 client, reused across requests and invocations. */
export function createImageObjectStore(config: ImageStorageConfig, region: string): ObjectStore {
  return createS3ObjectStore({
    client: createS3Client({ region, endpoint: config.endpoint }),
    bucket: config.bucket,
    publicBaseUrl: config.publicBaseUrl,
  });
}
