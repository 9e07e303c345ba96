import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'infra/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here: cap workers so test files, property tests and the shared servers do not starve each other.
    maxWorkers: 2,
    // The SDK's notice that releases after January 2027 need Node 22 (we pin a lockfile) drowns the test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // One embedded PostgreSQL and one DynamoDB Local for the run, started in the background;
    // test/support/postgres.ts and test/support/dynamodb.ts use them.
    globalSetup: ['test/support/postgres-global-setup.ts', 'test/support/dynamodb-global-setup.ts'],
  },
});
