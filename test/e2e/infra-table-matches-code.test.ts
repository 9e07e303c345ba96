import { beforeAll, describe, expect, it } from 'vitest';
import { synthVariant } from '../../infra/test/synth-variant.js';
import { createTableInput, TTL_ATTRIBUTE } from '../../src/adapters/dynamodb/table-schema.js';

/**
 * The CDK app cannot import the adapters (infra/ shares only env-var names with src/), so it mirrors the
 * table design. This suite is the bridge: the table AWS gets must be the table the code queries.
 */
let deployed: Record<string, unknown>;
const code = createTableInput('any');

beforeAll(() => {
  const { data } = synthVariant({ compute: 'lambda', stage: 'dev' });
  const tables = Object.values(data.findResources('AWS::DynamoDB::GlobalTable'));
  expect(tables).toHaveLength(1);
  deployed = (tables[0] as { Properties: Record<string, unknown> }).Properties;
});

const byName = <T>(items: readonly T[] | undefined, name: (item: T) => string) =>
  [...(items ?? [])].sort((a, b) => name(a).localeCompare(name(b)));

describe('synthesised table vs src/adapters/dynamodb/table-schema.ts', () => {
  it('has the same base keys', () => {
    expect(deployed.KeySchema).toEqual(code.KeySchema);
  });

  it('declares the same key attributes, all strings', () => {
    const name = (attribute: { AttributeName?: string }) => attribute.AttributeName ?? '';
    expect(byName(deployed.AttributeDefinitions as typeof code.AttributeDefinitions, name)).toEqual(
      byName(code.AttributeDefinitions, name),
    );
  });

  it('has the same global secondary indexes, keys and projections', () => {
    const name = (index: { IndexName?: string }) => index.IndexName ?? '';
    const shape = (indexes: Array<{ IndexName?: string; KeySchema?: unknown; Projection?: unknown }>) =>
      byName(indexes, name).map(({ IndexName, KeySchema, Projection }) => ({
        IndexName,
        KeySchema,
        Projection,
      }));
    expect(shape(deployed.GlobalSecondaryIndexes as [])).toEqual(shape(code.GlobalSecondaryIndexes ?? []));
  });

  it('bills the same way and expires items through the same attribute', () => {
    expect(deployed.BillingMode).toBe(code.BillingMode);
    expect(deployed.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
  });
});

describe('job runner limits in infra vs src/app/jobs/lost-jobs.ts', () => {
  it('counts a job lost only after the longest attempt its runner allows', async () => {
    const { JOB_SPECS } = await import('../../infra/lib/config/job-specs.js');
    const { JOBS_FUNCTION_TIMEOUT } = await import('../../infra/lib/constructs/jobs-function.js');
    const { LOST_AFTER_MS } = await import('../../src/app/jobs/lost-jobs.js');
    const longestBatchMinutes = Math.max(...Object.values(JOB_SPECS).map((spec) => spec.timeoutMinutes));
    expect(LOST_AFTER_MS.batch).toBeGreaterThan(longestBatchMinutes * 60_000);
    expect(LOST_AFTER_MS.lambda).toBeGreaterThan(JOBS_FUNCTION_TIMEOUT.toMilliseconds());
  });
});
