import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One worker per core the machine offers: more than that and test files, property tests and the shared
// servers (one DynamoDB Local, one PostgreSQL, started below) starve each other of CPU. At most 8, since
// every worker still goes through those two servers; at least 1.
const workers = Math.min(8, Math.max(1, availableParallelism()));

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'infra/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: workers,
    // After the summary, each test skipped with a reason (no Chromium here, say): not just a count.
    reporters: ['default', './test/support/skip-reasons-reporter.ts'],
    // The SDK's notice that releases after January 2027 need Node 22 (we pin a lockfile) drowns the test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // One embedded PostgreSQL and one DynamoDB Local for the run, started in the background;
    // test/support/postgres.ts and test/support/dynamodb.ts use them.
    globalSetup: ['test/support/postgres-global-setup.ts', 'test/support/dynamodb-global-setup.ts'],
  },
});
