import type { S3Event } from 'aws-lambda';
import { type ProcessOutcome, processUploadedImage } from '../app/media/process-upload.js';
import type { Clock } from '../app/ports/clock.js';
import type { Logger } from '../app/ports/logger.js';
import { type Metrics, silentMetrics } from '../observability/metrics.js';
import { createImageWorker, type ImageWorkerConfig } from './create-image-worker.js';
import { meteredImage } from './metered.js';

export type ImageEventHandler = (event: S3Event) => Promise<{ outcomes: ProcessOutcome[] }>;

/** Some records failed in a way a retry may fix; the event as a whole is retried (claims absorb repeats). */
export class ImageEventError extends Error {
  constructor(failed: number, options: { cause: unknown }) {
    super(`${failed} of the event's uploads could not be processed; the event will be retried`, options);
    this.name = 'ImageEventError';
  }
}

/**
 * The S3 ObjectCreated handler, the same on Lambda and under `npm start`: each record's original is
 * processed (records of one event independently), and if any failed transiently the handler throws so that
 * Lambda's async retry delivers the event again.
 */
export function createImageEventHandler(
  config: ImageWorkerConfig,
  overrides: { logger?: Logger; clock?: Clock; metrics?: Metrics } = {},
): ImageEventHandler {
  const deps = createImageWorker(config, overrides);
  const metrics = overrides.metrics ?? silentMetrics;
  return async (event) => {
    const results = await Promise.allSettled(
      event.Records.filter((record) => record.eventName.startsWith('ObjectCreated:')).map((record) =>
        meteredImage(metrics, () =>
          processUploadedImage(deps, {
            // Event keys are URL-encoded, spaces as '+' (docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
            key: decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')),
            etag: record.s3.object.eTag ?? '',
          }),
        ),
      ),
    );
    const failures = results.filter((result) => result.status === 'rejected');
    if (failures.length > 0) {
      for (const failure of failures)
        deps.logger.error('image processing failed', { error: String(failure.reason) });
      throw new ImageEventError(failures.length, { cause: failures.map((failure) => failure.reason) });
    }
    return { outcomes: results.map((result) => (result as PromiseFulfilledResult<ProcessOutcome>).value) };
  };
}
