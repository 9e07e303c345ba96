// What the cold-start benchmarks share: a DynamoDB stand-in holding the demo catalog, and the API's
// configuration as the CDK app deploys it.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startDynamoDbProcess } from './harness.mjs';
import { repoRoot } from './report.mjs';

/**
 * DynamoDB Local in its own process, warmed up (its JIT must not count in a cold start of ours), with the
 * demo catalog written through the catalog service. `productId` is one of its active products: the
 * product read of the benchmarks.
 */
export async function startCatalogDynamoDb() {
  const dynamodb = await startDynamoDbProcess();
  const { endpoint } = dynamodb;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'bench/lib/prepare-catalog.ts'), endpoint, 'slimshop', '0'],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  const { productId } = JSON.parse(stdout.trim().split('\n').at(-1));
  return { endpoint, productId, close: dynamodb.stop };
}

// Set in some shells, never by Lambda (nor by the CDK app), and each changes what a Node start costs:
// NODE_EXTRA_CA_CERTS alone adds ~45-50 ms to every process, hello world included, shrinking the ratios.
const NOT_ON_LAMBDA = [
  'NODE_EXTRA_CA_CERTS',
  'NODE_OPTIONS',
  'NODE_COMPILE_CACHE',
  'NODE_DISABLE_COMPILE_CACHE',
];

/**
 * The API Lambda's environment, pointed at `endpoint` as a deployed function points at DynamoDB. Every
 * child of a cold-start benchmark gets it, the baselines too, so no case pays for this shell's settings.
 */
export function lambdaEnv(endpoint) {
  const inherited = { ...process.env };
  for (const name of NOT_ON_LAMBDA) delete inherited[name];
  return {
    ...inherited,
    TABLE_NAME: 'slimshop',
    AWS_REGION: 'us-east-1',
    DYNAMODB_ENDPOINT: endpoint,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    // Never fetched: the events carry no token.
    JWKS_URL: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_bench/.well-known/jwks.json',
    // Never connected: catalog reads do not touch PostgreSQL (orders and stock do).
    DATABASE_URL: 'postgres://bench@127.0.0.1:1/bench',
    // As the CDK app configures the function: image routes on, jobs go to Lambda and AWS Batch. Never called.
    IMAGE_BUCKET: 'slimshop-bench-images',
    JOBS_BUCKET: 'slimshop-bench-jobs',
    JOBS_FUNCTION_NAME: 'slimshop-bench-jobs',
    JOBS_QUEUE_ARN: 'arn:aws:batch:us-east-1:123456789012:job-queue/slimshop-jobs',
    JOB_DEFINITION_ARNS: JSON.stringify(
      Object.fromEntries(
        ['import-catalog', 'export-catalog', 'reoptimize-images', 'sales-report'].map((name) => [
          name,
          `arn:aws:batch:us-east-1:123456789012:job-definition/slimshop-${name}:1`,
        ]),
      ),
    ),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    LOG_LEVEL: 'warn',
  };
}
