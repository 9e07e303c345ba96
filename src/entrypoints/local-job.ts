// `npm run job -- <name> [args]`: the job CLI (entrypoints/job.ts, also the Batch container command) aimed at
// `npm start`'s stand-ins unless the environment names other endpoints (src/local/job-environment.ts).
import { asksForHelp } from '../jobs/cli/parse-job-command.js';
import { exitUnlessJavaRuntime } from '../local/java-runtime.js';
import { localJobEnvironment } from '../local/job-environment.js';

// Without DYNAMODB_ENDPOINT the job talks to npm start's DynamoDB Local, which needs Java: say how to get it
// rather than fail later on a refused connection. `--help` needs none of it.
if (!process.env.DYNAMODB_ENDPOINT && !asksForHelp(process.argv.slice(2))) await exitUnlessJavaRuntime();
Object.assign(process.env, localJobEnvironment(process.env));
await import('./job.js');
