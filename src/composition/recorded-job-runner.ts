import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { createDynamoJobStore } from '../adapters/dynamodb/job-store.js';
import { type RecordedRunOutcome, runRecordedJob } from '../app/jobs/run-recorded-job.js';
import { type Clock, systemClock } from '../app/ports/clock.js';
import type { Logger } from '../app/ports/logger.js';
import { type JobConfig, loadJobConfig } from '../config/config.js';
import { idSchema } from '../domain/shared/ids.js';
import { exitCodeOf } from '../jobs/cli/run-job-command.js';
import { JOB_EXIT } from '../jobs/job.js';
import type { JobServices } from '../jobs/job-services.js';
import { JOBS } from '../jobs/registry.js';
import { createLogger } from '../observability/logger.js';
import { type Metrics, metricsFor, silentMetrics } from '../observability/metrics.js';
import { createJobServices } from './create-job-services.js';
import type { JobDefinitions } from './create-jobs.js';
import { recordJobRun } from './metered.js';

export interface RecordedJobRunnerDeps {
  definitions: JobDefinitions;
  services: JobServices;
  logger: Logger;
  clock: Clock;
  /** JobRuns by job and outcome; default none. */
  metrics?: Metrics;
}

export type RecordedJobRunner = (
  jobId: string,
  options?: { signal?: AbortSignal; deadlineMessage?: string },
) => Promise<RecordedRunOutcome>;

/**
 * Runs jobs recorded by POST /jobs: the jobs Lambda, the Batch container and a local child process all run
 * `--job-id <id>` through this. In an array job, the shard is this container's AWS_BATCH_JOB_ARRAY_INDEX.
 */
export function createRecordedJobRunner(config: JobConfig, deps: RecordedJobRunnerDeps): RecordedJobRunner {
  const { clock, logger, services, definitions } = deps;
  const client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  const store = createDynamoJobStore({ client, tableName: config.tableName, clock });
  const shard = String(config.arrayShard?.index ?? 0);
  const metrics = deps.metrics ?? silentMetrics;
  return async (jobId, options = {}) => {
    const signal = options.signal ?? new AbortController().signal;
    // The record names the job: known once the run has read it.
    let jobType = 'unknown';
    const outcome = await runRecordedJob(
      {
        store,
        clock,
        logger,
        job(type) {
          jobType = type;
          const definition = Object.hasOwn(definitions, type) ? definitions[type] : undefined;
          if (definition === undefined) return undefined;
          return {
            args: definition.args,
            run: (args, context) => definition.run(args, { ...context, services }),
          };
        },
        isTransient: (error) => exitCodeOf(error, signal) === JOB_EXIT.transient,
      },
      jobId,
      { shard, signal, ...(options.deadlineMessage ? { deadlineMessage: options.deadlineMessage } : {}) },
    );
    recordJobRun(metrics, jobType, outcome);
    return outcome;
  };
}

/** The CLI's exit code for a recorded run: a duplicate delivery of a finished job is no failure. */
export function exitCodeOfRun(outcome: RecordedRunOutcome): number {
  switch (outcome) {
    case 'succeeded':
    case 'finished-before':
      return JOB_EXIT.succeeded;
    case 'transient':
      return JOB_EXIT.transient;
    default:
      return JOB_EXIT.failed;
  }
}

/**
 * `npm run job -- --job-id <id>` and the Batch container's `node index.mjs --job-id Ref::jobId`: runs the
 * recorded job with progress into its record; exit 0 done (or finished before), 1 failed, 2 usage, 75 retry.
 */
export async function runRecordedJobCommand(
  argv: readonly string[],
  io: { stderr: { write(text: string): unknown }; signal: AbortSignal },
): Promise<number> {
  const jobId = idSchema.safeParse(argv[0]);
  if (!jobId.success || argv.length > 1) {
    io.stderr.write('Usage: npm run job -- --job-id <id>   (a job recorded by POST /jobs)\n');
    return JOB_EXIT.usage;
  }
  const config = loadJobConfig();
  const logger = createLogger({ level: config.logLevel, service: 'slimshop-job', stderrOnly: true });
  // Metric lines on stderr with the log: stdout stays the command's result.
  const source = { service: 'jobs', write: (line: string) => process.stderr.write(line) } as const;
  const metrics = metricsFor(source);
  const runtime = createJobServices(config, { logger, clock: systemClock, metrics: source });
  try {
    const run = createRecordedJobRunner(config, {
      definitions: JOBS,
      services: runtime.services,
      logger,
      clock: systemClock,
      metrics,
    });
    const outcome = await run(jobId.data, { signal: io.signal });
    io.stderr.write(`job ${jobId.data}: ${outcome}\n`);
    return exitCodeOfRun(outcome);
  } finally {
    await runtime.close().catch(() => undefined);
  }
}
