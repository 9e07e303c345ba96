// The jobs Lambda: POST /jobs invokes it asynchronously with { jobId } for jobs estimated at up to 10 minutes;
// an EventBridge Scheduler schedule invokes it with { scheduled: "<job>" } for the jobs that run on a clock.
import type { Context } from 'aws-lambda';
import { systemClock } from '../app/ports/clock.js';
import { createJobServices } from '../composition/create-job-services.js';
import { recordJobRun } from '../composition/metered.js';
import { createRecordedJobRunner } from '../composition/recorded-job-runner.js';
import { lambdaTraceId, loadJobConfig } from '../config/config.js';
import { idSchema } from '../domain/shared/ids.js';
import type { JobName } from '../jobs/job.js';
import { JOBS } from '../jobs/registry.js';
import { createLogger } from '../observability/logger.js';
import { metricsFor } from '../observability/metrics.js';

/** Time left for the job to stop cleanly and record where it got before Lambda ends the invocation. */
const STOP_MARGIN_MS = 15_000;

// Built once per execution environment (INIT): a bad configuration fails loudly before any event.
const config = loadJobConfig();
const logger = createLogger({ level: config.logLevel, service: 'slimshop-job' });
const metrics = metricsFor('jobs');
const runtime = createJobServices(config, { logger, clock: systemClock, metrics: 'jobs' });
const run = createRecordedJobRunner(config, {
  definitions: JOBS,
  services: runtime.services,
  logger,
  clock: systemClock,
  metrics,
});

/**
 * Jobs a schedule may run (no arguments, nothing recorded: each run is the next pass of the same chore, and
 * its summary goes to the log). An allow-list: a schedule's payload names a job, it does not choose one.
 */
const SCHEDULED_JOBS = new Set<JobName>(['cancel-unpaid-orders']);

/** Runs `work` with a signal that aborts STOP_MARGIN_MS before Lambda would end the invocation. */
async function beforeTimeout<T>(context: Context, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(),
    Math.max(0, context.getRemainingTimeInMillis() - STOP_MARGIN_MS),
  );
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

async function runScheduled(name: unknown, context: Context) {
  if (typeof name !== 'string' || !SCHEDULED_JOBS.has(name as JobName)) {
    logger.error('scheduled event names no scheduled job', { job: String(name).slice(0, 100) });
    return { outcome: 'missing' as const };
  }
  try {
    const summary = await beforeTimeout(context, (signal) =>
      JOBS[name as JobName].run({}, { services: runtime.services, onProgress: () => {}, signal }),
    );
    logger.info('scheduled job done', { job: name, summary });
    recordJobRun(metrics, name, 'succeeded');
    return { job: name, outcome: 'succeeded' as const, summary };
  } catch (error) {
    recordJobRun(metrics, name, 'failed');
    throw error;
  }
}

export const handler = async (event: { jobId?: unknown; scheduled?: unknown }, context: Context) => {
  // Lambda sets _X_AMZN_TRACE_ID anew for each invocation: read per event, so lines carry this one's trace.
  logger.addLambdaContext(context, lambdaTraceId());
  metrics.coldStart();
  // A failed scheduled run throws: the schedule's retry policy and the next tick run it again.
  if (event?.scheduled !== undefined) return runScheduled(event.scheduled, context);
  const jobId = idSchema.safeParse(event?.jobId);
  if (!jobId.success) {
    // A retry cannot fix a malformed event: log it and end the invocation without an error.
    logger.error('job event without a valid jobId', { event: JSON.stringify(event).slice(0, 500) });
    return { outcome: 'missing' as const };
  }
  const outcome = await beforeTimeout(context, (signal) =>
    run(jobId.data, {
      signal,
      // A retry would stop at the same limit: the job fails, saying why.
      deadlineMessage:
        "The job did not finish within the jobs Lambda's time limit: its duration estimate was too low.",
    }),
  );
  // Thrown, so Lambda's asynchronous retries run it again; the record stays `running` meanwhile.
  if (outcome === 'transient') throw new Error(`Job ${jobId.data} was interrupted; Lambda retries it.`);
  return { jobId: jobId.data, outcome };
};
