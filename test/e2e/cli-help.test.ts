import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const scripts: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;

/** Every command-line program of the project, by its npm script, with the words its usage starts with. */
const CLIS = [
  { script: 'start', usage: 'Usage: npm start' },
  { script: 'token', usage: 'Usage: npm run -s token --' },
  { script: 'migrate', usage: 'Usage: npm run migrate' },
  { script: 'advise', usage: 'Usage: npm run advise --' },
  { script: 'job', usage: 'Usage: npm run job --' },
  { script: 'openapi', usage: 'Usage: npm run openapi' },
];

/** A loopback port that counts the connections made to it: any one means the command reached for a server. */
async function trap(): Promise<{ server: Server; port: number; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, port, connections: () => connections };
}

let dir: string;
let traps: Awaited<ReturnType<typeof trap>>[];
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-help-'));
  // A `java` ahead of any other on PATH that leaves a mark when run: asking for help starts no program.
  await writeFile(
    join(dir, 'java'),
    `#!/bin/sh\ntouch "${join(dir, 'java-ran')}"\necho 'openjdk version "21.0.1"' >&2\n`,
  );
  await chmod(join(dir, 'java'), 0o755);
  traps = await Promise.all([trap(), trap(), trap(), trap()]);
  const [http, dynamodb, s3, postgres] = traps.map((t) => String(t.port)) as [string, string, string, string];
  env = {
    ...process.env,
    // What `npm run` puts first on PATH, then the marking java.
    PATH: [join(root, 'node_modules', '.bin'), dir, process.env.PATH ?? ''].join(delimiter),
    PORT: http,
    DYNAMODB_PORT: dynamodb,
    S3_PORT: s3,
    POSTGRES_PORT: postgres,
    DATABASE_URL: `postgres://slimshop:secret@127.0.0.1:${postgres}/slimshop`,
  } as Record<string, string>;
});

// A run that is not a request for help may look for Java (npm run job does): each test starts unmarked.
beforeEach(() => rm(join(dir, 'java-ran'), { force: true }));

afterAll(async () => {
  await Promise.all(traps.map((t) => new Promise((resolve) => t.server.close(resolve))));
  await rm(dir, { recursive: true, force: true });
});

let runs = 0;

/**
 * Runs `npm run <script> -- <args>` the way npm does: package.json's command through `sh -c`, from the
 * project's root, with node_modules/.bin on PATH, so a script written as `tsx file` or as
 * `node --import tsx file` is run as written. Each run gets a DATA_DIR of its own that does not exist
 * yet, and counts the connections the traps saw meanwhile.
 */
async function npmRun(script: string, args: string[]) {
  const command = scripts[script];
  if (command === undefined) throw new Error(`package.json has no script ${script}`);
  const dataDir = join(dir, `data-${++runs}`);
  const before = traps.map((t) => t.connections());
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      'sh',
      ['-c', `${command} "$@"`, 'sh', ...args],
      { cwd: root, env: { ...env, DATA_DIR: dataDir }, timeout: 25_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
  return {
    ...result,
    dataDirMade: existsSync(dataDir),
    connections: traps.reduce((sum, t, i) => sum + t.connections() - (before[i] ?? 0), 0),
  };
}

describe('every command-line program answers --help and -h', () => {
  it.each(CLIS)('npm run $script -- --help / -h: usage on stdout, exit 0, nothing started', async (cli) => {
    const runs = await Promise.all([npmRun(cli.script, ['--help']), npmRun(cli.script, ['-h'])]);

    for (const run of runs) {
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout.startsWith(cli.usage)).toBe(true);
      expect(run.stdout).toMatch(/-h, --help/);
      // Nothing created, started or connected to.
      expect(run).toMatchObject({ dataDirMade: false, connections: 0 });
    }
    expect(runs[0]?.stdout).toBe(runs[1]?.stdout);
    expect(existsSync(join(dir, 'java-ran'))).toBe(false);
  });

  it.each(CLIS.filter((cli) => cli.script !== 'start'))(
    'npm run $script -- --bogus: one line naming the option and --help, exit 2',
    async (cli) => {
      const run = await npmRun(cli.script, ['--bogus']);

      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/--bogus/);
      expect(lines[0]).toMatch(/see .*--help/);
      expect(run).toMatchObject({ dataDirMade: false, connections: 0 });
    },
  );
});
