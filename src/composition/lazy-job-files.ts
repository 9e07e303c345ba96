import type { JobFileService } from '../app/jobs/job-files.js';
import type { JobService } from '../app/jobs/job-service.js';
import type { Clock } from '../app/ports/clock.js';
import type { JobConfig } from '../config/config.js';
import type { AppDeps } from '../http/app.js';
import type { JobFileTransfers } from './job-file-transfers.js';
import { loadedOnFirstCall } from './loaded-on-first-call.js';

/**
 * The job file routes' services, built on the first request that needs them (a dynamic import: the API's
 * cold start reads none of it). None without a jobs folder or a jobs bucket: the routes then do not exist.
 */
export function lazyJobFiles(
  config: JobConfig,
  jobs: JobService,
  clock: Clock,
): Pick<AppDeps, 'jobFiles' | 'signedJobFiles'> {
  if (config.jobs?.local === undefined && config.jobs?.bucket === undefined) return {};
  let transfers: Promise<JobFileTransfers> | undefined;
  const load = () => {
    transfers ??= import('./job-file-transfers.js').then((module) =>
      module.createJobFileTransfers(config, jobs, clock),
    );
    return transfers;
  };
  return {
    jobFiles: loadedOnFirstCall<JobFileService>(
      async () => (await load()).service,
      ['startUpload', 'downloadLink'],
    ),
    ...(config.jobs.local === undefined
      ? {}
      : {
          signedJobFiles: {
            open: async () => {
              const { signed } = await load();
              if (signed === undefined) throw new Error('local jobs without signed links');
              return signed;
            },
          },
        }),
  };
}
