import { NotFoundError } from '../../domain/shared/errors.js';
import { newId } from '../../domain/shared/ids.js';
import type { FileStore } from '../ports/file-store.js';
import type { FileLink, JobFileLinks } from '../ports/job-file-links.js';
import type { PresignedUpload } from '../ports/object-store.js';
import type { JobService } from './job-service.js';

/** The largest file one upload takes: an import of about ten million rows. */
export const MAX_JOB_FILE_BYTES = 1024 ** 3;

/** A job's files a client can fetch: an import's reject report, an export's or a report's output. */
export const JOB_FILE_KINDS = ['report', 'out'] as const;
export type JobFileKind = (typeof JOB_FILE_KINDS)[number];

/** The answer to POST /jobs/files: where the file will be, and how to send it there. */
export interface JobFileUpload {
  /** What to name in the job's args (`{ "file": location }`). */
  location: string;
  upload: PresignedUpload;
  expiresAt: string;
}

/** The answer to GET /jobs/{id}/files/{file}. */
export interface JobFileDownload extends FileLink {
  name: string;
  location: string;
  size: number;
}

export interface JobFileService {
  /** A fresh location under `uploads/` for a file called `name` of `size` bytes, and a link to PUT it. */
  startUpload(file: { name: string; size: number }, origin: string): Promise<JobFileUpload>;
  /** A link to the job's file of that kind; NotFoundError while there is none (yet). */
  downloadLink(jobId: string, kind: JobFileKind, origin: string): Promise<JobFileDownload>;
}

/**
 * Moving job files in and out without the API carrying the bytes: an upload gets a location of its own
 * (`uploads/<random id>/<name>`, so two uploads of `catalog.csv` never meet) and a short-lived PUT link;
 * a finished job's report or output gets a short-lived GET link.
 */
export function createJobFileService(deps: {
  jobs: Pick<JobService, 'get'>;
  files: FileStore;
  links: JobFileLinks;
}): JobFileService {
  const { jobs, files, links } = deps;
  return {
    async startUpload({ name, size }, origin) {
      const location = `uploads/${newId()}/${name}`;
      const { expiresAt, ...upload } = await links.upload(
        location,
        { size, contentType: contentTypeOf(name) },
        origin,
      );
      return { location, upload, expiresAt };
    },

    async downloadLink(jobId, kind, origin) {
      const job = await jobs.get(jobId);
      const location = kind === 'report' ? job.report : job.args.out;
      const what = kind === 'report' ? 'report' : 'output file (`out`)';
      if (typeof location !== 'string') throw new NotFoundError(`Job ${jobId} has no ${what}.`);
      const size = await files.size(location).catch((error: unknown) => {
        if (!(error instanceof NotFoundError)) throw error;
        // Outputs become visible only when complete: a running job has not finished writing it.
        throw new NotFoundError(
          job.finishedAt === null
            ? `Job ${jobId} has not finished writing ${location} yet.`
            : `Job ${jobId}'s file ${location} is no longer there.`,
        );
      });
      const name = location.slice(location.lastIndexOf('/') + 1);
      return { name, location, size, ...(await links.download(location, name, origin)) };
    },
  };
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  csv: 'text/csv',
  jsonl: 'application/x-ndjson',
  ndjson: 'application/x-ndjson',
  json: 'application/json',
  txt: 'text/plain',
};

/** The media type a job file is stored and served with, from its extension. */
export function contentTypeOf(name: string): string {
  const dot = name.lastIndexOf('.');
  const extension = dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
  return (Object.hasOwn(CONTENT_TYPES, extension) && CONTENT_TYPES[extension]) || 'application/octet-stream';
}
