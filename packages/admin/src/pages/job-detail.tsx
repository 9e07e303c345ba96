import { Fragment } from 'preact';
import { useEffect } from 'preact/hooks';
import { api, dataOf } from '../api';
import { dateTime, describeError } from '../ui/format';
import { Notice } from '../ui/notice';
import { useAction } from '../ui/use-action';
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
        <div class="job-file">
          Rejected rows, one JSON line each with the line number and the reasons: <code>{j.report}</code>.{' '}
          <DownloadJobFile id={j.id} kind="report" label="Download the rejected rows" />
        </div>
      )}
      {out === undefined || j.status !== 'succeeded' ? null : (
        <div class="job-file">
          Written to <code>{out}</code>. <DownloadJobFile id={j.id} kind="out" label="Download it" />
        </div>
      )}
    </section>
  );
}

/**
 * Asks the API for a short-lived link to the job's file when clicked (one made earlier may have expired),
 * then opens it: the storage sends it as an attachment, so the browser saves it and this page stays.
 */
function DownloadJobFile({ id, kind, label }: { id: string; kind: 'report' | 'out'; label: string }) {
  const action = useAction();
  const download = () =>
    action.run(async () => {
      const link = dataOf(
        await api().raw.GET('/jobs/{id}/files/{file}', { params: { path: { id, file: kind } } }),
      );
      window.location.assign(link.url);
      return `Downloading ${link.name} (${link.size.toLocaleString('en')} bytes).`;
    });
  return (
    <>
      <button type="button" onClick={() => void download()} disabled={action.busy}>
        {label}
      </button>
      {action.failure === undefined ? null : <Notice kind="error">{action.failure}</Notice>}
      {action.done === undefined ? null : <span aria-live="polite"> {action.done}</span>}
    </>
  );
}
