// `npm run job -- <name> [args]`: the job CLI (entrypoints/job.ts, also the Batch container command) aimed at
// `npm start`'s stand-ins unless the environment names other endpoints (src/local/job-environment.ts).
import { localJobEnvironment } from '../local/job-environment.js';

Object.assign(process.env, localJobEnvironment(process.env));
await import('./job.js');
