// `npm start` as a user runs it (node --import tsx src/entrypoints/local.ts), for benches that measure what a
// developer sees on this machine: every port free (0), a DATA_DIR of its own, and the banner's links.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killOnExit } from './harness.mjs';
import { repoRoot } from './report.mjs';

/**
 * Starts the local runtime and resolves once its banner names the API and the console's sign-in link.
 * The child runs without NODE_EXTRA_CA_CERTS (Lambda has none; it costs every Node start ~50 ms).
 * `stop()` sends SIGTERM (the runtime stops DynamoDB Local, PostgreSQL, S3 and MailDev itself), waits for
 * the exit and deletes the DATA_DIR.
 *
 * @example
 *   const local = await startLocalRuntime();
 *   await fetch(`${local.url}/products?limit=5`, { headers: { authorization: `Bearer ${local.adminToken}` } });
 *   await local.stop();
 */
export async function startLocalRuntime({ timeoutMs = 180_000 } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'slimshop-bench-local-'));
  const { NODE_EXTRA_CA_CERTS: _unused, ...env } = process.env;
  const child = killOnExit(
    spawn(process.execPath, ['--import', 'tsx', 'src/entrypoints/local.ts'], {
      cwd: repoRoot,
      env: {
        ...env,
        DATA_DIR: dataDir,
        PORT: '0',
        DYNAMODB_PORT: '0',
        POSTGRES_PORT: '0',
        S3_PORT: '0',
        SMTP_PORT: '0',
        MAIL_UI_PORT: '0',
        LOG_LEVEL: 'warn',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const banner = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), timeoutMs);
    const read = (chunk) => {
      output += chunk;
      const url = /Slimshop API\s+(http:\/\/\S+)/.exec(output)?.[1];
      const signInUrl = /Admin console\s+(http:\/\/\S+\/admin\/#token=(\S+))/.exec(output);
      if (url !== undefined && signInUrl !== null) {
        clearTimeout(timer);
        resolve({ url, signInUrl: signInUrl[1], adminToken: signInUrl[2] });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
  const started = Date.now();
  const links = await banner.catch(async (error) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  return {
    ...links,
    /** Milliseconds from spawn to the banner (DynamoDB Local, PostgreSQL, seeding, a console build if stale). */
    startedInMs: Date.now() - started,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
