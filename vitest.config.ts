import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'infra/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here: cap workers so dynalite instances and property tests do not starve each other.
    maxWorkers: 2,
    // The SDK's notice that releases after January 2027 need Node 22 (we pin a lockfile) drowns the test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // One embedded PostgreSQL for the run, started in the background; test/support/postgres.ts uses it.
    globalSetup: ['test/support/postgres-global-setup.ts'],
  },
});
