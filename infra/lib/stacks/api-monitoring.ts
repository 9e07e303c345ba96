import type { Construct } from 'constructs';
import { type MonitoredApi, Monitoring } from '../constructs/monitoring.js';
import type { ApiBackend } from './api-backend.js';
import type { ApiStackProps } from './api-stack-props.js';

/** The stage's alarms and dashboard around an API stack's compute and the backend every variant shares. */
export function addMonitoring(
  scope: Construct,
  props: ApiStackProps,
  backend: ApiBackend,
  api: MonitoredApi,
): Monitoring {
  const { workers, orderEvents } = backend;
  return new Monitoring(scope, 'Monitoring', {
    config: props.config,
    api,
    workers: {
      Image: workers.imageWorker.function,
      Jobs: workers.jobsFunction.function,
      Relay: orderEvents.relay.function,
      Email: orderEvents.email.function,
    },
    deadLetterQueues: {
      Image: workers.imageWorker.failures,
      Jobs: workers.jobsFunction.failures,
      Email: orderEvents.emailFailures,
    },
    emailQueue: orderEvents.emailQueue,
    batchJobQueues: [workers.batch.queue, workers.batch.bulkQueue],
    tableName: backend.catalog.table.tableName,
    database: props.databaseIds,
  });
}
