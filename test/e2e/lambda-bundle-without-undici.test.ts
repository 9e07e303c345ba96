import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoCatalogRepository } from '../../src/adapters/dynamodb/catalog-repository.js';
import { ensureTable } from '../../src/adapters/dynamodb/table-schema.js';
import { createCatalogService } from '../../src/app/catalog/catalog-service.js';
import { systemClock } from '../../src/app/ports/clock.js';
import { apiGatewayV2Event, lambdaContext } from '../fixtures/lambda-events.js';
import { type TestDynamo, testDynamo, uniqueTableName } from '../support/dynamodb.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Bundle';
const UNDICI = 'NativeModule internal/deps/undici/undici';

// A fresh process, as a Lambda execution environment: imports the built bundle, answers the events given
// as JSON in order, and says after each whether Node's undici has been loaded so far.
const INVOKE = `
const { handler } = await import(process.argv[1]);
const [events, context] = JSON.parse(process.argv[2]);
for (const event of events) {
  const result = await handler(event, { ...context, getRemainingTimeInMillis: () => 3000 });
  const undici = process.moduleLoadList.includes(${JSON.stringify(UNDICI)});
  console.log(JSON.stringify({ path: event.rawPath, statusCode: result.statusCode, body: result.body, undici }));
}`;

describe('the built Lambda bundle on the light fetch classes', () => {
  let outdir: string;
  let dynamo: TestDynamo;
  const tableName = uniqueTableName('light-bundle');
  let aws: Server;
  const invocations: { path: string; body: string }[] = [];
  let productId: string;
  let adminToken: string;

  beforeAll(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'slimshop-light-'));
    const built = run(process.execPath, [join(root, 'scripts/build.mjs'), '--quiet', '--outdir', outdir], {
      cwd: root,
    });

    dynamo = await testDynamo();
    const { client } = dynamo;
    await ensureTable(client, tableName);
    const catalog = createCatalogService({
      repository: createDynamoCatalogRepository({ client, tableName }),
      clock: systemClock,
    });
    await catalog.createCategory({ id: 'mugs', name: 'Mugs' });
    ({ id: productId } = await catalog.createProduct({
      sku: 'LIGHT-1',
      name: 'Light Mug',
      price: { amount: 900, currency: 'EUR' },
      categoryId: 'mugs',
      status: 'active',
    } as Parameters<typeof catalog.createProduct>[0]));

    // One local server plays the issuer's JWKS endpoint and the Lambda service (AWS_ENDPOINT_URL_LAMBDA).
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'bundle', alg: 'RS256', use: 'sig' };
    aws = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        if (request.url === '/.well-known/jwks.json') {
          response.setHeader('content-type', 'application/json');
          return response.end(JSON.stringify({ keys: [jwk] }));
        }
        invocations.push({ path: request.url ?? '', body });
        response.statusCode = 202;
        response.end();
      });
    });
    await new Promise<void>((resolve) => aws.listen(0, '127.0.0.1', resolve));
    adminToken = await new SignJWT({ 'cognito:groups': ['admin'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'bundle' })
      .setIssuer(ISSUER)
      .setSubject('alice')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);
    await built;
  }, 120_000);

  afterAll(async () => {
    await new Promise((resolve) => aws?.close(resolve));
    await rm(outdir, { recursive: true, force: true });
  });

  it('answers GET /health and GET /products/{id} without loading undici; a token, S3 presign and a Lambda job work after', async () => {
    const awsUrl = `http://127.0.0.1:${(aws.address() as AddressInfo).port}`;
    const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
    const events = [
      apiGatewayV2Event({ path: '/health' }),
      apiGatewayV2Event({ path: `/products/${productId}` }),
      apiGatewayV2Event({
        method: 'POST',
        path: `/products/${productId}/images`,
        headers: admin,
        body: JSON.stringify({ contentType: 'image/jpeg', contentLength: 48_213 }),
      }),
      apiGatewayV2Event({
        method: 'POST',
        path: '/jobs',
        headers: admin,
        body: JSON.stringify({ type: 'export-catalog', args: { out: 's3://light-jobs/exports/all.jsonl' } }),
      }),
    ];
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        INVOKE,
        join(outdir, 'lambda/api/index.mjs'),
        JSON.stringify([events, lambdaContext()]),
      ],
      {
        cwd: outdir,
        env: {
          PATH: process.env.PATH,
          TABLE_NAME: tableName,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'AKIDLIGHT',
          AWS_SECRET_ACCESS_KEY: 'light-secret',
          DYNAMODB_ENDPOINT: dynamo.endpoint,
          JWKS_URL: `${awsUrl}/.well-known/jwks.json`,
          JWT_ISSUER: ISSUER,
          DATABASE_URL: 'postgres://bundle@127.0.0.1:9/bundle',
          IMAGE_BUCKET: 'light-images',
          JOBS_BUCKET: 'light-jobs',
          JOBS_FUNCTION_NAME: 'light-jobs',
          JOBS_QUEUE_ARN: 'arn:aws:batch:us-east-1:123456789012:job-queue/light',
          JOB_DEFINITION_ARNS: JSON.stringify({
            'export-catalog': 'arn:aws:batch:us-east-1:123456789012:job-definition/light-export:1',
          }),
          AWS_ENDPOINT_URL_LAMBDA: awsUrl,
          LOG_LEVEL: 'error',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      },
    );
    const [health, product, image, job] = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));

    expect(health).toMatchObject({ statusCode: 200, body: '{"status":"ok"}', undici: false });
    expect(product).toMatchObject({ statusCode: 200, undici: false });
    expect(JSON.parse(product.body)).toMatchObject({ id: productId, name: 'Light Mug' });
    // Verifying the token fetched the JWKS with Node's fetch (undici, loaded only now).
    expect(image.statusCode).toBe(201);
    expect(JSON.parse(image.body).upload.url).toMatch(/^https:\/\/light-images\.s3\..*X-Amz-Signature=/);
    expect(job.statusCode).toBe(202);
    expect(invocations).toEqual([
      { path: '/2015-03-31/functions/light-jobs/invocations', body: expect.stringContaining('jobId') },
    ]);
  });
});
