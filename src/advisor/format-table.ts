import type { Advice, ComponentAdvice } from './advice.js';
import { formatCost } from './candidate-math.js';

function pad(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => (i === 1 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function component(title: string, advice: ComponentAdvice): string[] {
  const rows = [
    ['candidate', 'USD/month', 'fits'],
    ...advice.candidates.map((c) => [
      `${c.id === advice.recommendation?.candidateId ? '* ' : '  '}${c.name}`,
      formatCost(c.monthlyUsd),
      c.fits ? 'yes' : `no: ${c.exclusions.join('; ')}`,
    ]),
  ];
  const recommendation = advice.recommendation;
  return [
    `== ${title}`,
    ...pad(rows),
    '',
    recommendation
      ? `Recommendation: ${recommendation.name} (${recommendation.monthlyUsd === null ? 'cost unknown' : `${formatCost(recommendation.monthlyUsd)}/month`})`
      : 'Recommendation: none fits',
    ...(recommendation?.reasons ?? []).map((r) => `  - ${r}`),
    'Break-even:',
    ...advice.breakEvens.map((b) => `  - ${b.description}`),
    'Assumptions:',
    ...advice.assumptions.map((a) => `  - ${a}`),
    '',
  ];
}

/** The advice for a terminal: one cost table per component, `*` marking the recommendation. */
export function formatTable(advice: Advice): string {
  const lines = [`Advice for ${advice.region}, prices as of ${advice.pricesAsOf} (USD)`, ''];
  if (advice.api) lines.push(...component('api', advice.api));
  for (const job of advice.jobs ?? []) lines.push(...component(`job ${job.name}`, job));
  if (advice.data) lines.push(...component('data', advice.data));
  if (!advice.api && !advice.jobs && !advice.data)
    lines.push('The workload describes no api, jobs or data: nothing to advise.');
  return `${lines.join('\n')}\n`;
}
