import { InvokeCommand, LambdaClient, type LambdaClientConfig } from '@aws-sdk/client-lambda';
import { JobLaunchError, type JobLauncher } from '../../app/ports/job-launcher.js';

export interface LambdaJobLauncherOptions {
  /** The jobs function (JOBS_FUNCTION_NAME): its handler runs the recorded job named in the event. */
  functionName: string;
  region: string;
  /** Tests capture the request here (the SDK's own seam). */
  clientConfig?: Partial<LambdaClientConfig>;
}

/**
 * Short jobs: an asynchronous invocation (InvocationType Event) answers 202 as soon as Lambda has queued the
 * event, so POST /jobs never waits for the job; Lambda retries a failed run twice by itself.
 */
export function createLambdaJobLauncher(options: LambdaJobLauncherOptions): JobLauncher {
  const client = new LambdaClient({ region: options.region, maxAttempts: 3, ...options.clientConfig });
  return {
    async launch(job) {
      const output = await client
        .send(
          new InvokeCommand({
            FunctionName: options.functionName,
            InvocationType: 'Event',
            Payload: new TextEncoder().encode(JSON.stringify({ jobId: job.id })),
          }),
        )
        .catch((error: unknown) => {
          throw new JobLaunchError(`Lambda did not accept job ${job.id}.`, { cause: error });
        });
      if (output.StatusCode !== 202) {
        throw new JobLaunchError(`Lambda answered ${output.StatusCode} to the invocation of job ${job.id}.`);
      }
    },
  };
}
