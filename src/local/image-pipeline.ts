import type { S3Event } from 'aws-lambda';
import type { Logger } from '../app/ports/logger.js';
import { createImageEventHandler, type ImageEventHandler } from '../composition/image-event-handler.js';
import type { ImageStorageConfig, LocalConfig } from '../config/config.js';
import { startLocalS3 } from './s3.js';

export interface LocalImagePipeline {
  storage: ImageStorageConfig;
  /** The embedded S3's endpoint; undefined when S3_ENDPOINT names another server. */
  s3Endpoint?: string;
  /** Waits for images being processed, then stops the local S3. */
  close(): Promise<void>;
}

/**
 * What S3 + its event notification + the image Lambda are in AWS, on one machine: s3rver under
 * DATA_DIR/s3 emits the S3 event payload after each upload, and the image Lambda's own handler processes it
 * in this process. With S3_ENDPOINT (a server of the user's) nothing delivers events: uploads stay
 * `processing`.
 */
export async function startLocalImagePipeline(
  config: LocalConfig & { dynamodbEndpoint: string; dir: string },
  logger: Logger,
): Promise<LocalImagePipeline> {
  const configured = config.images as ImageStorageConfig;
  if (configured.endpoint !== undefined) return { storage: configured, close: async () => {} };

  const inFlight = new Set<Promise<unknown>>();
  let handle: ImageEventHandler | undefined;
  const s3 = await startLocalS3({
    dir: config.dir,
    port: config.s3Port,
    buckets: [configured.bucket],
    onEvent: (event: S3Event) => {
      if (handle === undefined) return;
      const run = handle(event).catch((error: unknown) => {
        // Lambda would retry the event; locally the log says what happened and the image stays `processing`.
        logger.error('local image processing failed', { error: String(error) });
      });
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run));
    },
  });
  const storage: ImageStorageConfig = {
    bucket: configured.bucket,
    endpoint: s3.endpoint,
    publicBaseUrl: `${s3.endpoint}/${configured.bucket}`,
  };
  handle = createImageEventHandler({ ...config, images: storage }, { logger });
  return {
    storage,
    s3Endpoint: s3.endpoint,
    close: async () => {
      await Promise.all(inFlight);
      await s3.close();
    },
  };
}
