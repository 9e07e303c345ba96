import { useRef, useState } from 'preact/hooks';
import { api, dataOf } from '../api';
import { href, navigate } from '../router';
import { ActionForm } from '../ui/action-form';
import { describedBy, Field, InputField } from '../ui/field';
import { dateTime, describeError } from '../ui/format';
import { Notice } from '../ui/notice';
import { Pager, pageQuery, usePagedList } from '../ui/pager';
import { UploadProgress, useUpload } from '../ui/upload-progress';
import { InvalidFields, useAction } from '../ui/use-action';
import { JobDetail } from './job-detail';
import { uploadName } from './upload-name';

type Kind = 'import-catalog' | 'export-catalog';
const FIELDS = ['type', 'args', 'args.file', 'args.out', 'args.format', 'name', 'size'];

/**
 * Imports and exports run as jobs (POST /jobs, docs/jobs.md): upload a file and import it, or export the
 * catalog; follow the job, read its summary, download its report or export. With an id, the page shows
 * that job live.
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
  const [out, setOut] = useState('');
  const [format, setFormat] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const action = useAction();
  const transfer = useUpload();
  const importing = kind === 'import-catalog';
  const fileKey = importing ? 'file' : 'out';
  // The file's own errors (the upload's `name` and `size` too), and the API's 422 on `args` as a whole.
  const fileErrors = action.errors
    .filter(
      (e) =>
        e.path === 'args' ||
        e.path === `args.${fileKey}` ||
        e.path.startsWith(`args.${fileKey}.`) ||
        (importing && (e.path === 'name' || e.path === 'size')),
    )
    .map((e) => e.message);

  /** Sends the chosen file through an upload link; resolves with where the job finds it. */
  const upload = async (file: File) => {
    const { location, upload: target } = dataOf(
      await api().raw.POST('/jobs/files', { body: { name: uploadName(file.name), size: file.size } }),
    );
    await transfer.send(target, file);
    return location;
  };

  const start = async () => {
    transfer.reset();
    let location: string;
    if (importing) {
      const file = input.current?.files?.[0];
      if (file === undefined) throw new InvalidFields([{ path: 'args.file', message: 'choose a file' }]);
      if (file.size === 0) throw new InvalidFields([{ path: 'args.file', message: 'the file is empty' }]);
      location = await upload(file);
    } else {
      location = out.trim();
      if (location === '') throw new InvalidFields([{ path: 'args.out', message: 'enter a file name' }]);
    }
    const job = dataOf(
      await api().raw.POST('/jobs', {
        body: { type: kind, args: { [fileKey]: location, ...(format === '' ? {} : { format }) } },
        // A double click starts one job: the same key replays the first answer.
        params: { header: { 'idempotency-key': crypto.randomUUID() } },
      }),
    );
    navigate(href.job(job.id));
    return `Started ${importing ? 'the import' : 'the export'} (job ${job.id}).`;
  };
  return (
    <section aria-labelledby="start-job">
      <h2 id="start-job">Start an import or export</h2>
      <p class="section-intro">
        An import file goes from this browser straight to the jobs storage (a link from the API), then the
        import runs as a job. An export is written there, and its page links to it.
      </p>
      <ActionForm action={action} fields={FIELDS} label="Start a job" submit={start}>
        <Field id="job-type" label="Job" errors={action.errorsAt('type')}>
          <select id="job-type" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
            <option value="import-catalog">Import products (CSV or JSONL)</option>
            <option value="export-catalog">Export products (CSV or JSONL)</option>
          </select>
        </Field>
        <div class="row">
          {importing ? (
            <Field id="job-file" label="File to import" hint="A .csv or .jsonl file" errors={fileErrors}>
              <input
                id="job-file"
                ref={input}
                type="file"
                accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson"
                disabled={action.busy}
                {...describedBy('job-file', fileErrors, true)}
              />
            </Field>
          ) : (
            <InputField
              id="job-file"
              label="File to write"
              hint="A name in the jobs storage, such as exports/catalog.csv"
              errors={fileErrors}
              value={out}
              onInput={(e) => setOut(e.currentTarget.value)}
            />
          )}
          <Field id="job-format" label="Format" errors={action.errorsAt('args.format')}>
            <select id="job-format" value={format} onChange={(e) => setFormat(e.currentTarget.value)}>
              <option value="">From the file name (.csv is CSV)</option>
              <option value="csv">CSV</option>
              <option value="jsonl">JSONL</option>
            </select>
          </Field>
        </div>
        <UploadProgress id="job-upload-progress" percent={transfer.percent} />
        <div class="actions">
          <button type="submit" class="primary" disabled={action.busy}>
            {importing ? 'Upload and import' : 'Start export'}
          </button>
        </div>
      </ActionForm>
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
