import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayV2Event, lambdaContext } from '../fixtures/lambda-events.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
// The Lambda runtime is nodejs22.x: bench/cold-start.mjs installs npm's node@22 there (or point at one).
const NODE22 = process.env.SLIMSHOP_NODE22 ?? join(root, '.cache/node22/node_modules/node/bin/node');

// A fresh process, as a Lambda execution environment: imports the bundle, answers one event, waits until
// the DynamoDB client's transport (node:http for this local endpoint) has loaded, then says what Node loaded.
const INVOKE = `
const { handler } = await import(process.argv[1]);
const [event, context] = JSON.parse(process.argv[2]);
const result = await handler(event, { ...context, getRemainingTimeInMillis: () => 3000 });
while (!process.moduleLoadList.includes('NativeModule http')) await new Promise((resolve) => setTimeout(resolve, 5));
console.log(JSON.stringify({
  node: process.version,
  statusCode: result.statusCode,
  body: result.body,
  undici: process.moduleLoadList.includes('NativeModule internal/deps/undici/undici'),
  nativeResponse: Object.getOwnPropertyDescriptor(globalThis, 'Response').value?.name,
}));`;

// On Node 22 the fetch globals are lazy data properties (reading a descriptor loads undici) and an ES import
// of node:http reads http.WebSocket (which loads undici): the bundle must do neither at a cold start.
describe('the built Lambda bundle on Node 22', () => {
  const present = existsSync(NODE22);
  let outdir: string | undefined;
  beforeAll(async () => {
    if (!present) return;
    outdir = await mkdtemp(join(tmpdir(), 'slimshop-node22-'));
    await run(process.execPath, [join(root, 'scripts/build.mjs'), '--quiet', '--outdir', outdir], {
      cwd: root,
    });
  }, 120_000);
  afterAll(() => (outdir ? rm(outdir, { recursive: true, force: true }) : undefined));

  it('answers GET /health and loads its DynamoDB transport without loading undici; Node keeps its Response', async (context) => {
    if (outdir === undefined) {
      return context.skip(
        `no Node 22 at ${NODE22}: run bench/cold-start.mjs once (it installs one) or set SLIMSHOP_NODE22`,
      );
    }
    const { stdout } = await run(
      NODE22,
      [
        '--input-type=module',
        '-e',
        INVOKE,
        join(outdir, 'lambda/api/index.mjs'),
        JSON.stringify([apiGatewayV2Event({ path: '/health' }), lambdaContext()]),
      ],
      {
        cwd: outdir,
        env: {
          PATH: process.env.PATH,
          TABLE_NAME: 'slimshop',
          AWS_REGION: 'us-east-1',
          // Never contacted by /health; http, as DynamoDB Local and the benchmarks use it.
          DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
          JWKS_URL: 'https://issuer.example/.well-known/jwks.json',
          DATABASE_URL: 'postgres://bundle@127.0.0.1:9/bundle',
          LOG_LEVEL: 'error',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      },
    );
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');

    expect(report).toMatchObject({
      node: expect.stringMatching(/^v22\./),
      statusCode: 200,
      body: '{"status":"ok"}',
      undici: false,
    });
    // Read last, on purpose: Node's own class is still there for what the light classes leave to it.
    expect(report.nativeResponse).toBe('Response');
  });
});
