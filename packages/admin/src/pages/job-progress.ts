import type { components } from '@slimshop/client';

export type Job = components['schemas']['Job'];

export const isFinished = (job: Pick<Job, 'status'>): boolean =>
  job.status === 'succeeded' || job.status === 'failed';

/**
 * A job's progress for the page: the percent when the job knows its total (never 100 before it has
 * finished), and the words either way ("1,200 of 5,000 rows", "1,200 rows so far").
 */
export function progressOf(job: Pick<Job, 'status' | 'progress'>): {
  percent: number | undefined;
  text: string;
} {
  const p = job.progress;
  if (p === null)
    return { percent: job.status === 'succeeded' ? 100 : undefined, text: 'no progress reported yet' };
  const done = p.done.toLocaleString('en');
  if (p.total === undefined || p.total <= 0)
    return { percent: job.status === 'succeeded' ? 100 : undefined, text: `${done} ${p.unit} so far` };
  const exact = Math.floor((p.done / p.total) * 100);
  const percent = job.status === 'succeeded' ? 100 : Math.min(99, Math.max(0, exact));
  return { percent, text: `${done} of ${p.total.toLocaleString('en')} ${p.unit}` };
}

/** The import's counts in a fixed order (what the summary holds, read defensively: it is the job's own). */
export function importCounts(summary: Job['summary']): { label: string; value: number }[] {
  if (summary === null) return [];
  const labels: [string, string][] = [
    ['read', 'Rows read'],
    ['imported', 'Imported'],
    ['unchanged', 'Unchanged'],
    ['rejected', 'Rejected'],
  ];
  return labels.flatMap(([key, label]) =>
    typeof summary[key] === 'number' ? [{ label, value: summary[key] as number }] : [],
  );
}
