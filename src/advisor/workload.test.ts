import { describe, expect, it } from 'vitest';
import { advise } from './advise.js';
import { AdvisorInputError } from './advisor-errors.js';
import { pricesWithOverrides } from './prices.js';
import { parseWorkload, workloadJsonSchema } from './workload.js';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof AdvisorInputError) return error.problems.map((p) => p.path);
    throw error;
  }
  throw new Error('expected an AdvisorInputError');
}

describe('workload', () => {
  it('accepts an empty workload: every section is optional, and the advice then covers nothing', () => {
    const advice = advise(parseWorkload({}));
    expect(advice.api).toBeUndefined();
    expect(advice.jobs).toBeUndefined();
    expect(advice.data).toBeUndefined();
  });

  it('names the offending field, nested and indexed', () => {
    expect(problemsOf(() => parseWorkload({ api: { requestsPerMonth: -1 } }))).toEqual([
      'api.requestsPerMonth',
    ]);
    expect(
      problemsOf(() =>
        parseWorkload({
          jobs: [
            { name: 'a', durationMinutes: 1, runsPerMonth: 1 },
            { name: 'b', runsPerMonth: 1 },
          ],
        }),
      ),
    ).toEqual(['jobs.1.durationMinutes']);
    expect(problemsOf(() => parseWorkload({ api: { requestsPerMonth: 1, hourlyProfile: [1, 2] } }))).toEqual([
      'api.hourlyProfile',
    ]);
  });

  it('rejects unknown fields and other regions rather than ignoring them', () => {
    expect(problemsOf(() => parseWorkload({ api: { requestsPerMonth: 1, requestPerMonth: 2 } }))).toEqual([
      'api',
    ]);
    expect(problemsOf(() => parseWorkload({ region: 'eu-west-1' }))).toEqual(['region']);
  });
});

describe('--prices overrides', () => {
  it('changes the bill and records the override as the source', () => {
    const workload = parseWorkload({ api: { requestsPerMonth: 1e6, memoryMb: 128, avgDurationMs: 100 } });
    const prices = pricesWithOverrides({
      'apigw.http.t1': { value: 3.5e-6, source: 'REST API price', asOf: '2026-11' },
    });
    const base = advise(workload).api?.candidates[0]?.monthlyUsd ?? 0;
    const overridden = advise(workload, prices);
    expect((overridden.api?.candidates[0]?.monthlyUsd ?? 0) - base).toBeCloseTo(2.5, 2);
    expect(overridden.prices['apigw.http.t1']).toMatchObject({ value: 3.5e-6, source: 'REST API price' });
  });

  it('rejects an id the table does not have, naming it', () => {
    expect(problemsOf(() => pricesWithOverrides({ 'lambda.requests': 1 }))).toEqual(['lambda.requests']);
  });

  it('lists every price used with its source and as-of date', () => {
    const advice = advise(parseWorkload({ data: { readsPerMonth: 1 } }));
    expect(advice.prices['ddb.od.rru']).toMatchObject({ source: 'S1', asOf: '2026-09-06' });
    expect(advice.sources.S1).toMatch(/Price List/);
    // the limits behind exclusions are listed too, with their sources
    expect(advice.prices['limit.ddb.itemKb']).toMatchObject({ value: 400, source: 'S44' });
    expect(advice.sources.S44).toMatch(/400 KB/);
  });
});

describe('published JSON Schema', () => {
  it('docs/advisor-workload.schema.json is the schema the advisor validates with', async () => {
    const { readFile } = await import('node:fs/promises');
    const published = JSON.parse(await readFile('docs/advisor-workload.schema.json', 'utf8'));
    expect(published).toEqual(workloadJsonSchema());
  });
});
