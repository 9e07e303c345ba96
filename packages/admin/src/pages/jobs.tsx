import { useState } from 'preact/hooks';
import { api, dataOf } from '../api';
import { href, navigate } from '../router';
import { Field, InputField } from '../ui/field';
import { FormStatus } from '../ui/form-status';
import { dateTime, describeError } from '../ui/format';
import { Notice } from '../ui/notice';
import { Pager, pageQuery, usePagedList } from '../ui/pager';
import { InvalidFields, useAction } from '../ui/use-action';
import { JobDetail } from './job-detail';

type Kind = 'import-catalog' | 'export-catalog';
const FIELDS = ['type', 'args', 'args.file', 'args.out', 'args.format'];

/**
 * Imports and exports run as jobs (POST /jobs, docs/jobs.md): start one on a file in the jobs folder, follow
 * it, read its summary. With an id, the page shows that job live.
 */
export function JobsPage({ id }: { id?: string }) {
  // Read the list again when the job shown finishes, so its row says so too.
  const [listRound, setListRound] = useState(0);
  return (
    <>
      <h1>Imports and exports</h1>
      {id === undefined ? null : <JobDetail id={id} onFinished={() => setListRound((n) => n + 1)} />}
      <StartJob />
      <RecentJobs round={listRound} />
    </>
  );
}

function StartJob() {
  const [kind, setKind] = useState<Kind>('import-catalog');
  const [file, setFile] = useState('');
  const [format, setFormat] = useState('');
  const action = useAction();
  const fileKey = kind === 'import-catalog' ? 'file' : 'out';
  // The file's own errors, and the API's 422 on `args` as a whole (the input is missing or unreadable).
  const fileErrors = action.errors
    .filter((e) => e.path === 'args' || e.path === `args.${fileKey}` || e.path.startsWith(`args.${fileKey}.`))
    .map((e) => e.message);
  const start = () =>
    action.run(async () => {
      const path = file.trim();
      if (path === '') throw new InvalidFields([{ path: `args.${fileKey}`, message: 'enter a file name' }]);
      const job = dataOf(
        await api().raw.POST('/jobs', {
          body: { type: kind, args: { [fileKey]: path, ...(format === '' ? {} : { format }) } },
          // A double click starts one job: the same key replays the first answer.
          params: { header: { 'idempotency-key': crypto.randomUUID() } },
        }),
      );
      navigate(href.job(job.id));
      return `Started ${kind === 'import-catalog' ? 'the import' : 'the export'} (job ${job.id}).`;
    });
  return (
    <section aria-labelledby="start-job">
      <h2 id="start-job">Start an import or export</h2>
      <Notice kind="info">
        The API has no way to upload a file or to download one: the console names files in the jobs folder (
        <code>DATA_DIR/jobs</code>, locally <code>.data/jobs</code>; on AWS <code>s3://JOBS_BUCKET/…</code>).
        Put an import file there first; exports and reject reports are written there.
      </Notice>
      <FormStatus action={action} fields={FIELDS} />
      <form
        class="form"
        aria-label="Start a job"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <Field id="job-type" label="Job" errors={action.errorsAt('type')}>
          <select id="job-type" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
            <option value="import-catalog">Import products (CSV or JSONL)</option>
            <option value="export-catalog">Export products (CSV or JSONL)</option>
          </select>
        </Field>
        <div class="row">
          <InputField
            id="job-file"
            label={kind === 'import-catalog' ? 'File to import' : 'File to write'}
            hint="A path in the jobs folder, such as catalog.csv or exports/catalog.jsonl"
            errors={fileErrors}
            value={file}
            onInput={(e) => setFile(e.currentTarget.value)}
          />
          <Field id="job-format" label="Format" errors={action.errorsAt('args.format')}>
            <select id="job-format" value={format} onChange={(e) => setFormat(e.currentTarget.value)}>
              <option value="">From the file name (.csv is CSV)</option>
              <option value="csv">CSV</option>
              <option value="jsonl">JSONL</option>
            </select>
          </Field>
        </div>
        <div class="actions">
          <button type="submit" class="primary" disabled={action.busy}>
            {kind === 'import-catalog' ? 'Start import' : 'Start export'}
          </button>
        </div>
      </form>
    </section>
  );
}

function RecentJobs({ round }: { round: number }) {
  const { trail, page } = usePagedList(
    async (cursor) => dataOf(await api().raw.GET('/jobs', { params: { query: pageQuery(10, cursor) } })),
    [round],
  );
  return (
    <section aria-labelledby="recent-jobs">
      <h2 id="recent-jobs">Recent jobs</h2>
      {page.state === 'failed' ? <Notice kind="error">{describeError(page.error)}</Notice> : null}
      <div class="table-wrap">
        <table aria-busy={page.state === 'loading'}>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">File</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {page.state === 'ready'
              ? page.value.items.map((job) => (
                  <tr key={job.id}>
                    <td>
                      <a href={href.job(job.id)}>{job.type}</a>
                    </td>
                    <td>{String(job.args.file ?? job.args.out ?? '')}</td>
                    <td>
                      <span class={`badge job-${job.status}`}>{job.status}</span>
                    </td>
                    <td>{dateTime(job.createdAt)}</td>
                  </tr>
                ))
              : null}
          </tbody>
        </table>
      </div>
      {page.state === 'ready' && page.value.items.length === 0 ? <p>No jobs yet.</p> : null}
      <Pager trail={trail} nextCursor={page.state === 'ready' ? page.value.nextCursor : null} />
    </section>
  );
}
