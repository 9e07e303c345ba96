import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { lstat, mkdtemp, readlink, realpath, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickFreePort } from '../../src/local/postgres.js';
import { isProcessAlive, postmasterPid } from '../../src/local/process-status.js';

// `npm start` exactly as a user runs it, in a process group of its own as a terminal would make it: a
// Ctrl-C there is SIGINT to the whole group, a process manager sends SIGTERM to npm's pid alone.

const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

interface Ports {
  PORT: number;
  DYNAMODB_PORT: number;
  POSTGRES_PORT: number;
  S3_PORT: number;
  SMTP_PORT: number;
  MAIL_UI_PORT: number;
}

interface NpmStart {
  npm: ChildProcess;
  /** npm's pid: also its process group's id. */
  group: number;
  url: string;
  ports: Ports;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once a JSON log line with this message has been written. */
  logged(message: string): Promise<Record<string, unknown>>;
}

async function freePorts(): Promise<Ports> {
  return {
    PORT: await pickFreePort(),
    DYNAMODB_PORT: await pickFreePort(),
    POSTGRES_PORT: await pickFreePort(),
    S3_PORT: await pickFreePort(),
    SMTP_PORT: await pickFreePort(),
    MAIL_UI_PORT: await pickFreePort(),
  };
}

async function npmStart(dataDir: string): Promise<NpmStart> {
  const ports = await freePorts();
  const npm = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: '20000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: (() => void)[] = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const wake of waiters.splice(0)) wake();
  };
  npm.stdout?.on('data', collect);
  npm.stderr?.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    npm.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => {
    gone = true;
    for (const wake of waiters.splice(0)) wake();
  });
  const until = async <T>(find: () => T | undefined, what: string): Promise<T> => {
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (gone) throw new Error(`npm start exited before ${what}:\n${output}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  const logged = (message: string) =>
    until(() => logLines(output).find((line) => line.message === message), `logging "${message}"`);
  const url = await until(() => /Slimshop API\s+(http:\/\/localhost:\d+)/.exec(output)?.[1], 'serving');
  return { npm, group: npm.pid as number, url, ports, output: () => output, exited, logged };
}

function logLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * Running processes in the group, or whose command line names the data directory (stand-ins, their guards).
 * Zombies are not running: one that lost its parent waits for init to collect it.
 */
async function leftovers(group: number, dataDir: string, clusterDir: string): Promise<string[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,pgid=,stat=,args=']);
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => {
      const [, pgid, stat] = line.split(/\s+/);
      if (stat === undefined || stat.startsWith('Z')) return false;
      return Number(pgid) === group || line.includes(dataDir) || line.includes(clusterDir);
    });
}

/** Ports nobody listens on any more (DynamoDB Local binds every interface, the rest loopback). */
async function portsStillTaken(ports: Ports): Promise<number[]> {
  const taken: number[] = [];
  for (const port of Object.values(ports)) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '0.0.0.0', () => probe.close(() => resolve(true)));
    });
    if (!free) taken.push(port);
  }
  return taken;
}

async function customerToken(dataDir: string): Promise<string> {
  const { stdout } = await run(
    'npm',
    ['run', '-s', 'token', '--', '--role', 'customer', '--sub', 'stopper'],
    {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir },
    },
  );
  return stdout.trim();
}

interface SlowRequest {
  /** Resolves once the server has the request (it answered 100 Continue), before it has the body. */
  accepted: Promise<void>;
  sendBody(): void;
  response: Promise<{ status: number; body: string }>;
}

/** POST /orders whose body is sent only when asked: the request stays in flight until then. */
function slowOrder(url: string, token: string, key: string): SlowRequest {
  const body = JSON.stringify({ items: [{ productId: 'cof-espr-250', quantity: 1 }] });
  const { hostname, port } = new URL(url);
  let accepted = () => {};
  const acceptedPromise = new Promise<void>((resolve) => {
    accepted = resolve;
  });
  let request: ReturnType<typeof httpRequest> | undefined;
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request = httpRequest(
      {
        hostname,
        port,
        method: 'POST',
        path: '/orders',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'idempotency-key': key,
          // Node's server answers 100 Continue when it emits the request: proof the request is in flight.
          expect: '100-continue',
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    request.on('continue', () => accepted());
    request.on('error', reject);
    request.flushHeaders();
  });
  return { accepted: acceptedPromise, sendBody: () => request?.end(body), response };
}

async function placeOrder(url: string, token: string, key: string): Promise<number> {
  const response = await fetch(`${url}/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ items: [{ productId: 'cof-espr-250', quantity: 1 }] }),
  });
  await response.body?.cancel();
  return response.status;
}

describe('npm start stops cleanly and outlives a dead PostgreSQL', () => {
  let dataDir: string;
  let clusterDir: string;
  const started: NpmStart[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'slimshop-stopping-'));
  });

  afterAll(async () => {
    // A failed test may leave npm start running: stopped as a process manager would, so nothing stays behind.
    for (const { npm, exited } of started) {
      if (npm.exitCode === null && npm.signalCode === null) {
        npm.kill('SIGTERM');
        await exited;
      }
    }
    // As root, with a data directory the postgres user cannot enter, the cluster was put elsewhere.
    const link = join(dataDir, 'postgres');
    if ((await lstat(link).catch(() => undefined))?.isSymbolicLink()) {
      await rm(dirname(await readlink(link)), { recursive: true, force: true });
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('restarts a PostgreSQL killed with SIGKILL, then one Ctrl-C lets an order in flight finish and stops everything', async () => {
    const stack = await npmStart(dataDir);
    started.push(stack);
    const token = await customerToken(dataDir);
    // Where the cluster really is (a link's target when root had to move it).
    clusterDir = await realpath(join(dataDir, 'postgres'));
    const killed = (await postmasterPid(join(dataDir, 'postgres'))) as number;

    process.kill(killed, 'SIGKILL');
    await stack.logged('PostgreSQL restarted');
    expect(await placeOrder(stack.url, token, 'after-restart')).toBe(201);
    const restarted = (await postmasterPid(join(dataDir, 'postgres'))) as number;
    expect(restarted).not.toBe(killed);

    const order = slowOrder(stack.url, token, 'in-flight-at-ctrl-c');
    await order.accepted;
    process.kill(-stack.group, 'SIGINT');
    expect(await stack.logged('draining')).toMatchObject({ inFlight: 1 });
    order.sendBody();

    expect((await order.response).status).toBe(201);
    expect(await stack.exited).toEqual({ code: 0, signal: null });
    expect(stack.output()).not.toContain('second signal');
    expect(isProcessAlive(restarted)).toBe(false);
    expect(await leftovers(stack.group, dataDir, clusterDir)).toEqual([]);
    expect(await portsStillTaken(stack.ports)).toEqual([]);
  }, 180_000);

  it('stops everything on one SIGTERM to npm alone, as a process manager sends it', async () => {
    const stack = await npmStart(dataDir);
    started.push(stack);
    const postmaster = (await postmasterPid(join(dataDir, 'postgres'))) as number;

    process.kill(stack.group, 'SIGTERM');

    expect(await stack.exited).toEqual({ code: 0, signal: null });
    expect(stack.output()).not.toContain('second signal');
    expect(isProcessAlive(postmaster)).toBe(false);
    expect(await leftovers(stack.group, dataDir, clusterDir)).toEqual([]);
    expect(await portsStillTaken(stack.ports)).toEqual([]);
  }, 120_000);
});
