import { BatchClient, type BatchClientConfig, SubmitJobCommand } from '@aws-sdk/client-batch';
import { JobLaunchError, type JobLauncher } from '../../app/ports/job-launcher.js';

export interface BatchJobLauncherOptions {
  /** JOBS_QUEUE_ARN: the queue that tries Spot capacity first. */
  queueArn: string;
  /** JOB_DEFINITION_ARNS: job name -> the exact job-definition ARN, revision included (what IAM allows). */
  definitionArns: Readonly<Record<string, string>>;
  region: string;
  /** Tests capture the request here (the SDK's own seam). */
  clientConfig?: Partial<BatchClientConfig>;
}

/** AWS Batch caps job names at 128 letters, digits, hyphens and underscores. */
const jobName = (type: string, id: string) => `${type}-${id}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 128);

/**
 * Long jobs: SubmitJob on the jobs queue with the job's own definition. The container command is
 * `node index.mjs --job-id Ref::jobId`, so the record's id travels as the `jobId` parameter. Sharded jobs
 * become array jobs: Batch sets AWS_BATCH_JOB_ARRAY_INDEX in each child; the size is passed along too.
 */
export function createBatchJobLauncher(options: BatchJobLauncherOptions): JobLauncher {
  const client = new BatchClient({ region: options.region, maxAttempts: 3, ...options.clientConfig });
  return {
    async launch(job) {
      const definition = options.definitionArns[job.type];
      if (definition === undefined)
        throw new JobLaunchError(`No job definition is configured for ${job.type}.`);
      const array = job.shards > 1;
      await client
        .send(
          new SubmitJobCommand({
            jobName: jobName(job.type, job.id),
            jobQueue: options.queueArn,
            jobDefinition: definition,
            parameters: { jobId: job.id },
            ...(array
              ? {
                  arrayProperties: { size: job.shards },
                  containerOverrides: {
                    environment: [{ name: 'AWS_BATCH_JOB_ARRAY_SIZE', value: String(job.shards) }],
                  },
                }
              : {}),
          }),
        )
        .catch((error: unknown) => {
          throw new JobLaunchError(`AWS Batch did not accept job ${job.id}.`, { cause: error });
        });
    },
  };
}
