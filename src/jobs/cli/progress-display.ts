import type { JobProgress } from '../job.js';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressDisplay {
  update(progress: JobProgress): void;
  /** Shows the last state (a final line), ending the bar on a TTY. */
  finish(): void;
}

const TTY_INTERVAL_MS = 100;
const LINE_INTERVAL_MS = 2_000;
const BAR_WIDTH = 30;

/**
 * Progress on stderr: a redrawn bar on a terminal, a plain line every two seconds otherwise (CI logs, Batch's
 * CloudWatch stream), so logs stay readable and a long job still shows it is alive.
 */
export function createProgressDisplay(
  job: string,
  stream: ProgressStream,
  now: () => number = Date.now,
): ProgressDisplay {
  let last: JobProgress | undefined;
  let shownAt = Number.NEGATIVE_INFINITY;
  let shown: JobProgress | undefined;
  const show = () => {
    if (last === undefined) return;
    shown = last;
    shownAt = now();
    stream.write(stream.isTTY ? `\r${bar(job, last)}` : `${line(job, last)}\n`);
  };
  return {
    update(progress) {
      last = progress;
      if (now() - shownAt >= (stream.isTTY ? TTY_INTERVAL_MS : LINE_INTERVAL_MS)) show();
    },
    finish() {
      if (last !== undefined && last !== shown) show();
      if (stream.isTTY && shown !== undefined) stream.write('\n');
    },
  };
}

const count = (n: number) => n.toLocaleString('en');

function line(job: string, { done, total, unit }: JobProgress): string {
  if (total === undefined || total === 0) return `${job}: ${count(done)} ${unit}`;
  return `${job}: ${count(done)} of ${count(total)} ${unit} (${percent(done, total)}%)`;
}

function bar(job: string, progress: JobProgress): string {
  const { done, total } = progress;
  if (total === undefined || total === 0) return line(job, progress);
  const filled = Math.round((Math.min(done, total) / total) * BAR_WIDTH);
  return `${job} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${line(job, progress).slice(job.length + 2)}`;
}

const percent = (done: number, total: number) => Math.min(100, Math.floor((done / total) * 100));
