import { DomainError } from '../../domain/shared/errors.js';
import { JOB_EXIT, type JobDefinition, type JobProgress, TransientJobError } from '../job.js';
import type { JobServices } from '../job-services.js';
import { JOBS } from '../registry.js';
import { parseJobCommand } from './parse-job-command.js';
import { createProgressDisplay, type ProgressStream } from './progress-display.js';

export interface JobCommandIo {
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
  /** Aborted on SIGTERM. */
  signal: AbortSignal;
  /** Builds the services once the command is known to be valid (config errors then name the variable). */
  openServices(): Promise<{ services: JobServices; close(): Promise<void> }>;
}

export type ExitCode = (typeof JOB_EXIT)[keyof typeof JOB_EXIT];

/**
 * `npm run job -- <name> [--option value]...` and the Batch container's command: parse, run, print the JSON
 * summary on stdout (progress and errors on stderr), and answer with the exit code Batch retries on.
 */
export async function runJobCommand(argv: readonly string[], io: JobCommandIo): Promise<ExitCode> {
  const command = parseJobCommand(argv, helpText);
  if (command.kind === 'help') {
    io.stdout.write(command.text);
    return JOB_EXIT.succeeded;
  }
  if (command.kind === 'usage') {
    io.stderr.write(`${command.message}\n`);
    return JOB_EXIT.usage;
  }
  return runJob(command.definition, command.args, io);
}

/** Runs one validated job with a progress display; the seam `--job-id` runs reuse. */
export async function runJob(
  definition: JobDefinition<unknown, Record<string, unknown>>,
  args: unknown,
  io: JobCommandIo,
  onProgress: (progress: JobProgress) => void = () => {},
): Promise<ExitCode> {
  const display = createProgressDisplay(definition.name, io.stderr);
  let runtime: Awaited<ReturnType<JobCommandIo['openServices']>> | undefined;
  try {
    runtime = await io.openServices();
    const summary = await definition.run(args, {
      services: runtime.services,
      signal: io.signal,
      onProgress(progress) {
        display.update(progress);
        onProgress(progress);
      },
    });
    display.finish();
    io.stdout.write(`${JSON.stringify(summary)}\n`);
    return JOB_EXIT.succeeded;
  } catch (error) {
    display.finish();
    const code = exitCodeOf(error, io.signal);
    const refused = refusedAddress(error);
    io.stderr.write(
      refused !== undefined
        ? `${definition.name} stopped: ${unreachable(refused)}\n`
        : `${definition.name} ${code === JOB_EXIT.transient ? 'interrupted (retry it)' : 'failed'}: ${describe(error)}\n`,
    );
    if (code === JOB_EXIT.failed && !(error instanceof DomainError))
      runtime?.services.logger.error('job failed', { error: String((error as Error)?.stack ?? error) });
    return code;
  } finally {
    await runtime?.close().catch(() => undefined);
  }
}

export function exitCodeOf(error: unknown, signal?: AbortSignal): ExitCode {
  if (error instanceof TransientJobError || signal?.aborted) return JOB_EXIT.transient;
  if (error instanceof DomainError && error.kind === 'unavailable') return JOB_EXIT.transient;
  return JOB_EXIT.failed;
}

/**
 * Where a refused connection was aimed, found anywhere among the error's causes: nothing listens there, so
 * "retry" would not help by itself. Usually `npm run job` ran without `npm start` running.
 */
function refusedAddress(error: unknown): string | undefined {
  const queue = [error];
  let refused: string | undefined;
  for (let i = 0; i < queue.length && i < 20; i++) {
    const node = queue[i] as {
      code?: unknown;
      address?: unknown;
      port?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (node === null || typeof node !== 'object') continue;
    if (node.code === 'ECONNREFUSED') {
      // An AggregateError (one attempt per address family) names the addresses in its `errors` only.
      if (typeof node.address === 'string') return node.port ? `${node.address}:${node.port}` : node.address;
      refused = 'its endpoint';
    }
    queue.push(node.cause, ...(Array.isArray(node.errors) ? node.errors : []));
  }
  return refused;
}

function unreachable(address: string): string {
  return `nothing answered at ${address} (connection refused). npm run job works with the stand-ins of a running \`npm start\`: start it first (in another terminal), or point the endpoint settings at servers that run.`;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof DomainError && error.errors.length > 0) {
    return `${error.message} ${error.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`;
  }
  return error.message;
}

function helpText(): string {
  const names = Object.values(JOBS).map((job) => `  ${job.name.padEnd(18)} ${job.description}`);
  return [
    'Usage: npm run job -- <name> [--option value]...   (the Batch container: node dist/batch/index.mjs <name> ...)',
    '       npm run job -- --job-id <id>                 (a job recorded by POST /jobs; its progress and outcome go into the record)',
    '',
    'Jobs:',
    ...names,
    '',
    '  -h, --help  this text; after a job name, the options of that job',
    '',
    'Progress goes to stderr, the JSON summary to stdout. Exit: 0 done, 1 failed, 2 usage, 75 transient (retry).',
    '',
  ].join('\n');
}
