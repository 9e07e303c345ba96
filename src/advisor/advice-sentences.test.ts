import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Advice, ComponentAdvice } from './advice.js';
import { advise } from './advise.js';
import { formatTable } from './format-table.js';
import { parseWorkload, type WorkloadInput } from './workload.js';

const examples = readdirSync('examples/workloads')
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(`examples/workloads/${name}`, 'utf8')) as WorkloadInput);

/** Workloads that reach every kind of break-even sentence: crossings, one side cheaper throughout, no fit. */
const variants: WorkloadInput[] = [
  ...examples,
  { api: { requestsPerMonth: 1e6, payloadKb: 7000 } },
  { api: { requestsPerMonth: 1e6, avgDurationMs: 5, memoryMb: 128 } },
  { jobs: [{ name: 'big', durationMinutes: 5, vcpu: 8, runsPerMonth: 10 }] },
  { jobs: [{ name: 'tiny', durationMinutes: 0.01, runsPerMonth: 1e6 }] },
  { data: { readsPerMonth: 1e6, writesPerMonth: 1e5, needsJoins: true, itemKb: 500 } },
  { data: { readsPerMonth: 1e9, writesPerMonth: 1e9, keyAccessOnly: true } },
];

const components = (advice: Advice): ComponentAdvice[] =>
  [advice.api, ...(advice.jobs ?? []), advice.data].filter((c): c is ComponentAdvice => c !== undefined);

describe('what the advice says', () => {
  it('states every break-even as one sentence that means what it says', () => {
    const seen = new Set<string>();
    for (const workload of variants)
      for (const component of components(advise(parseWorkload(workload))))
        for (const { description, value } of component.breakEvens) {
          seen.add(description.replace(/[\d,.]+/g, 'N'));
          expect(description).toMatch(/^[A-Z].*\.$/s);
          // No crossing: the whole sentence says so, and never claims a side "becomes cheaper".
          if (value === null) {
            expect(description).toMatch(/^No break-even: /);
            expect(description).not.toMatch(/becomes? cheaper/);
          } else {
            expect(description).not.toMatch(/^No break-even/);
            expect(description).toMatch(/becomes? cheaper .* (above|longer than) [\d,.]+ /);
          }
        }
    // The variants reach crossings and each kind of "no break-even".
    expect([...seen].filter((s) => s.startsWith('No break-even')).length).toBeGreaterThanOrEqual(4);
  });

  it('starts every reason with a capital and leaves the break-even to its own list', () => {
    for (const workload of variants)
      for (const component of components(advise(parseWorkload(workload))))
        for (const reason of component.recommendation?.reasons ?? []) {
          expect(reason).toMatch(/^[A-Z]/);
          expect(reason).not.toMatch(/break-even/i);
        }
  });

  it('writes money with thousands separators, in the reasons and in the table', () => {
    const advice = advise(
      parseWorkload({
        api: { requestsPerMonth: 2e9, peakToAverage: 1.5, memoryMb: 1024, avgDurationMs: 40 },
      }),
    );
    const lambda = advice.api?.candidates.find((c) => c.id === 'lambda-http-api')?.monthlyUsd as number;
    expect(lambda).toBeGreaterThan(1000);
    const money = `$${Math.floor(lambda / 1000)},${(lambda % 1000).toFixed(2).padStart(6, '0')}`;
    expect(advice.api?.recommendation?.reasons.join(' ')).toContain(money);
    expect(formatTable(advice)).toContain(money);
    expect(formatTable(advice)).not.toMatch(/\$\d{4}/);
  });
});
