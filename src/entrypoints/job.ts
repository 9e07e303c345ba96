import { systemClock } from '../app/ports/clock.js';
import { createJobServices } from '../composition/create-job-services.js';
import { runRecordedJobCommand } from '../composition/recorded-job-runner.js';
import { loadJobConfig } from '../config/config.js';
import { runJobCommand } from '../jobs/cli/run-job-command.js';
import { createLogger } from '../observability/logger.js';

// SIGTERM (Batch stopping a Spot instance, a timeout) aborts the run: the job stops cleanly and exits 75.
const controller = new AbortController();
process.once('SIGTERM', () => controller.abort());
process.once('SIGINT', () => controller.abort());

const argv = process.argv.slice(2);
// `--job-id <id>`: a job recorded by POST /jobs (the Batch container, a local child of the API).
process.exitCode =
  argv[0] === '--job-id'
    ? await runRecordedJobCommand(argv.slice(1), { stderr: process.stderr, signal: controller.signal })
    : await runJobCommand(argv, {
        stdout: process.stdout,
        stderr: process.stderr,
        signal: controller.signal,
        async openServices() {
          const config = loadJobConfig();
          const logger = createLogger({ level: config.logLevel, service: 'slimshop-job', stderrOnly: true });
          // The user's own shell: any path or bucket they name (jobs started through the API get the jobs folder).
          return createJobServices(config, { logger, clock: systemClock, files: 'anywhere' });
        },
      });
