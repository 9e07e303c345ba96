import { Fragment } from 'preact';
import { useEffect } from 'preact/hooks';
import { api, dataOf } from '../api';
import { dateTime, describeError } from '../ui/format';
import { Notice } from '../ui/notice';
import { usePolling } from '../ui/use-polling';
import { importCounts, isFinished, type Job, progressOf } from './job-progress';

/** One job, read again with backoff until it has finished: status, progress, summary, report, error. */
export function JobDetail({ id, onFinished }: { id: string; onFinished: () => void }) {
  const [job, restart] = usePolling<Job>(
    async () => dataOf(await api().raw.GET('/jobs/{id}', { params: { path: { id } } })),
    isFinished,
    [id],
  );
  const finished = job.state === 'ready' && job.settled;
  useEffect(() => {
    if (finished) onFinished();
  }, [finished]);
  if (job.state === 'loading') return <p aria-live="polite">Loading job {id}…</p>;
  if (job.state === 'failed')
    return (
      <Notice kind="error">
        {describeError(job.error)}{' '}
        <button type="button" onClick={restart}>
          Try again
        </button>
      </Notice>
    );
  const j = job.value;
  const progress = progressOf(j);
  const counts = importCounts(j.summary);
  const out = typeof j.args.out === 'string' ? j.args.out : undefined;
  return (
    <section aria-labelledby="job-title" class="job">
      <h2 id="job-title">
        {j.type} <span class={`badge job-${j.status}`}>{j.status}</span>
      </h2>
      <p class="muted">
        Job {j.id}, started {dateTime(j.createdAt)}
        {j.finishedAt === null ? '' : `, finished ${dateTime(j.finishedAt)}`}. {j.reason}
      </p>
      <div class="progress" aria-live="polite">
        <label for="job-progress">Progress</label>
        {progress.percent === undefined ? (
          <progress id="job-progress" aria-valuetext={progress.text} />
        ) : (
          <progress id="job-progress" max={100} value={progress.percent} aria-valuetext={progress.text} />
        )}
        <span>
          {progress.percent === undefined ? '' : `${progress.percent} %: `}
          {progress.text}
        </span>
      </div>
      {j.error === null ? null : <Notice kind="error">{j.error}</Notice>}
      {counts.length === 0 ? null : (
        <dl class="totals" aria-label="Summary">
          {counts.map((c) => (
            <Fragment key={c.label}>
              <dt>{c.label}</dt>
              <dd>{c.value.toLocaleString('en')}</dd>
            </Fragment>
          ))}
        </dl>
      )}
      {j.report === null ? null : (
        <p>
          Rejected rows, one JSON line each with the line number and the reasons: <code>{j.report}</code> in
          the jobs folder. The API serves no job files, so it cannot be downloaded from here.
        </p>
      )}
      {out === undefined || j.status !== 'succeeded' ? null : (
        <p>
          Written to <code>{out}</code> in the jobs folder (not downloadable from here: the API serves no job
          files).
        </p>
      )}
    </section>
  );
}
