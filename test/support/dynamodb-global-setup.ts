import type { TestProject } from 'vitest/node';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from '../../src/local/dynamodb-local.js';
import { exitUnlessJavaRuntime } from '../../src/local/java-runtime.js';
import { pickFreePort } from '../../src/local/postgres.js';
import { warmUpDynamoDbLocal } from '../../src/local/warm-dynamodb-local.js';

/**
 * One DynamoDB Local (in memory) for the whole test run: a JVM per test file would cost each file seconds of
 * start-up and JIT. It starts in the background, so runs that need no DynamoDB do not wait for it; test files
 * that do wait in test/support/dynamodb.ts until it answers, each on tables of its own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Without Java every DynamoDB test would fail the same way: say once how to install it, and stop.
  await exitUnlessJavaRuntime();
  const port = await pickFreePort();
  project.provide('dynamodbEndpoint', `http://127.0.0.1:${port}`);
  const starting: Promise<RunningDynamoDbLocal | undefined> = startDynamoDbLocal({ port })
    .then(async (running) => {
      // Only an optimisation: tests still pass on a cold JVM, just more slowly.
      await warmUpDynamoDbLocal(running.endpoint).catch((error: unknown) =>
        console.warn('Warming DynamoDB Local:', error),
      );
      return running;
    })
    .catch((error: unknown) => {
      console.error('The test DynamoDB Local did not start:', error);
      return undefined;
    });
  return async () => {
    await (await starting)?.stop();
  };
}
