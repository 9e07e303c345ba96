// One cold start: import a handler file, answer one anonymous API Gateway v2 GET, report timings, exit.
// Usage: node bench/lib/invoke-once.mjs <handler.mjs> [path, default /health]
import { pathToFileURL } from 'node:url';
import { getEventV2 } from './events.mjs';

const started = performance.now();
const { handler } = await import(pathToFileURL(process.argv[2]).href);
const imported = performance.now();
const result = await handler(getEventV2(process.argv[3] ?? '/health'), {
  awsRequestId: 'bench',
  getRemainingTimeInMillis: () => 3000,
});
const answered = performance.now();
const usage = process.resourceUsage();
process.stdout.write(
  JSON.stringify({
    importMs: imported - started,
    invokeMs: answered - imported,
    // Time since the process started, including Node's own boot (what a Lambda INIT + first invoke pays).
    sinceProcessStartMs: answered,
    // CPU the whole process used (all threads): less sensitive than wall time to a busy machine.
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    statusCode: result.statusCode,
  }),
);
