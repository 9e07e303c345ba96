import { constants, type Stats } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, readlink, realpath, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { FileStore, FileWriter } from '../../app/ports/file-store.js';
import { NotFoundError, ValidationError } from '../../domain/shared/errors.js';
import { partialFileWriter, readOpenFile } from './file-handles.js';

/** What a refused location is told, after the field's name. */
export const INSIDE_JOBS_FOLDER = 'must be a path relative to the jobs folder';

const MAX_LOCATION_CHARS = 1024;
// Never follow a symbolic link in the last component, and never wait on a FIFO (opening one blocks until
// someone opens the other end): it is opened at once and then refused by its type.
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
// O_EXCL: always a new file, so a link planted at the `.partial` name is never written through.
const WRITE_FLAGS =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Job files confined to one folder (`DATA_DIR/jobs` for `npm start`): a location is a path relative to it,
 * without `..`, naming a regular file whose real path (symbolic links resolved) stays inside. Anything else
 * is refused with a ValidationError on every operation, not only when a job is submitted: files are checked
 * again as they are opened (the last component with O_NOFOLLOW, the opened descriptor's real path compared
 * with the folder), so a link swapped in after the check does not lead out either. Writes go to
 * `<path>.partial` and are renamed on close(), as on the rest of the disk.
 *
 * @example
 * const files = createJobsFolderStore('/srv/slimshop/.data/jobs');
 * await files.refusal('imports/catalog.jsonl', 'read'); // undefined: allowed
 * await files.refusal('/etc/shadow', 'read');            // "must be a path relative to the jobs folder, …"
 * for await (const chunk of files.read('imports/catalog.jsonl')) process(chunk);
 */
export function createJobsFolderStore(root: string): FileStore {
  let realRoot: Promise<string> | undefined;
  // The folder itself comes from configuration (trusted): created on first use if npm start has not yet.
  const folder = () => {
    if (realRoot === undefined) {
      realRoot = mkdir(root, { recursive: true }).then(() => realpath(root));
      // A failure (a permission, a full disk) is not remembered: the next job tries again.
      realRoot.catch(() => {
        realRoot = undefined;
      });
    }
    return realRoot;
  };

  async function openForReading(location: string): Promise<FileHandle> {
    const base = await folder();
    const found = await walk(base, segmentsOrThrow(location));
    if ('refused' in found) throw refused(location, found.refused);
    if (found.stats === undefined) throw new NotFoundError(`No file at "${location}".`);
    if (!found.stats.isFile()) throw refused(location, NOT_A_FILE);
    const handle = await open(found.real, READ_FLAGS).catch((error: unknown) => {
      throw openFailure(location, error);
    });
    return checkedHandle(handle, found.real, base, location);
  }

  return {
    async size(location) {
      try {
        const handle = await openForReading(location);
        try {
          return (await handle.stat()).size;
        } finally {
          await handle.close();
        }
      } catch (error) {
        throw asGiven(location, error);
      }
    },

    async *read(location, range) {
      try {
        yield* readOpenFile(await openForReading(location), range);
      } catch (error) {
        throw asGiven(location, error);
      }
    },

    async createWriter(location) {
      try {
        const writer = await createWriter(location);
        return {
          write: (chunk) =>
            writer.write(chunk).catch((error: unknown) => Promise.reject(asGiven(location, error))),
          close: () => writer.close().catch((error: unknown) => Promise.reject(asGiven(location, error))),
          abort: () => writer.abort(),
        };
      } catch (error) {
        throw asGiven(location, error);
      }
    },

    async refusal(location) {
      const syntax = syntaxRefusal(location);
      if (syntax !== undefined) return syntax;
      const base = await folder().catch(() => undefined);
      if (base === undefined) return `${INSIDE_JOBS_FOLDER}, which this server cannot create`;
      const segments = location.split('/').filter((segment) => segment !== '' && segment !== '.');
      const found = await walk(base, segments);
      if ('refused' in found) return found.refused;
      if (found.stats !== undefined && !found.stats.isFile()) return NOT_A_FILE;
      // Either access: a missing input is told when the job reads it (422 on submission), a missing output
      // is created.
      return undefined;
    },
  };

  async function createWriter(location: string): Promise<FileWriter> {
    const base = await folder();
    const segments = segmentsOrThrow(location);
    const parent = await makeFolders(base, segments.slice(0, -1), location);
    const final = join(parent, segments.at(-1) as string);
    const existing = await walk(parent, [segments.at(-1) as string], base);
    if ('refused' in existing) throw refused(location, existing.refused);
    if (existing.stats !== undefined && !existing.stats.isFile()) throw refused(location, NOT_A_FILE);
    const partial = `${final}.partial`;
    // Whatever a crashed run left at the partial name goes: O_EXCL below wants a name of its own.
    await rm(partial, { force: true });
    const handle = await open(partial, WRITE_FLAGS, 0o644).catch((error: unknown) => {
      throw openFailure(location, error);
    });
    await checkedHandle(handle, partial, base, location);
    return partialFileWriter(handle, partial, final);
  }
}

/**
 * A file system error names the job's own path (`exports/catalog.csv`), which is what a failed job's record
 * quotes, rather than where the jobs folder sits on this machine.
 */
function asGiven(location: string, error: unknown): unknown {
  const system = error as NodeJS.ErrnoException | undefined;
  if (typeof system?.code === 'string' && typeof system.path === 'string') system.path = location;
  return error;
}

const NOT_A_FILE = 'must name a regular file (not a folder, device or FIFO)';

function syntaxRefusal(location: string): string | undefined {
  if (location.length === 0 || location.length > MAX_LOCATION_CHARS)
    return `${INSIDE_JOBS_FOLDER}, of 1 to ${MAX_LOCATION_CHARS} characters`;
  if (location.includes('\u0000')) return `${INSIDE_JOBS_FOLDER}, without NUL characters`;
  if (isAbsolute(location) || location.startsWith('~'))
    return `${INSIDE_JOBS_FOLDER}, not an absolute path (e.g. "catalog.jsonl" for DATA_DIR/jobs/catalog.jsonl)`;
  // Backslashes too: a Windows-style `..\x` must not read as a file name here and as a way up elsewhere.
  if (location.split(/[/\\]/).includes('..')) return `${INSIDE_JOBS_FOLDER}, without ".."`;
  if (location.endsWith('/') || location.split('/').every((s) => s === '' || s === '.'))
    return `${INSIDE_JOBS_FOLDER}, naming a file`;
  return undefined;
}

function segmentsOrThrow(location: string): string[] {
  const syntax = syntaxRefusal(location);
  if (syntax !== undefined) throw refused(location, syntax);
  return location.split('/').filter((segment) => segment !== '' && segment !== '.');
}

const isInside = (base: string, path: string) => {
  const rel = relative(base, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

type Walked = { real: string; stats?: Stats } | { refused: string };

/**
 * Follows `segments` down from `from` (inside `base`) one component at a time, resolving each symbolic link
 * and refusing one whose target is outside `base` or missing. `stats` is undefined when the path does not
 * exist (yet); `real` is then where it would be.
 */
async function walk(from: string, segments: readonly string[], base = from): Promise<Walked> {
  let current = from;
  for (const [index, segment] of segments.entries()) {
    const next = join(current, segment);
    let stats: Stats;
    try {
      stats = await lstat(next);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { real: join(next, ...segments.slice(index + 1)) };
      // A name too long for the file system, a folder we may not enter: the request's problem, not a 500.
      if (typeof code === 'string') return { refused: `${INSIDE_JOBS_FOLDER} that can be opened (${code})` };
      throw error;
    }
    current = next;
    if (stats.isSymbolicLink()) {
      const target = await realpath(next).catch(() => undefined);
      if (target === undefined || !isInside(base, target))
        return { refused: `${INSIDE_JOBS_FOLDER}: a symbolic link in it leads outside the jobs folder` };
      current = target;
      stats = await stat(target);
    }
    const last = index === segments.length - 1;
    if (last) return { real: current, stats };
    if (!stats.isDirectory())
      return {
        refused: `${INSIDE_JOBS_FOLDER}: "${segments.slice(0, index + 1).join('/')}" is not a folder`,
      };
  }
  return { real: current };
}

/** Creates the folders of a path inside `base`, one at a time, refusing any that leads outside. */
async function makeFolders(base: string, segments: readonly string[], location: string): Promise<string> {
  let current = base;
  for (const segment of segments) {
    await mkdir(join(current, segment)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    const found = await walk(current, [segment], base);
    if ('refused' in found) throw refused(location, found.refused);
    if (!found.stats?.isDirectory()) {
      throw refused(location, `${INSIDE_JOBS_FOLDER}: "${segment}" is not a folder`);
    }
    current = found.real;
  }
  return current;
}

/**
 * The descriptor actually opened must be a regular file inside the folder: a folder swapped for a link
 * between the checks and open() would show here. /proc names the descriptor's real path on Linux; elsewhere
 * the descriptor must be the very file that `path` resolves to now, inside the folder.
 */
async function checkedHandle(
  handle: FileHandle,
  path: string,
  base: string,
  location: string,
): Promise<FileHandle> {
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw refused(location, NOT_A_FILE);
    const outside = refused(location, `${INSIDE_JOBS_FOLDER}: it leads outside the jobs folder`);
    const opened = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
    if (opened !== undefined) {
      if (!isInside(base, opened.replace(/ \(deleted\)$/, ''))) throw outside;
    } else {
      const resolved = await realpath(path);
      const now = await stat(resolved);
      if (!isInside(base, resolved) || now.ino !== stats.ino || now.dev !== stats.dev) throw outside;
    }
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function openFailure(location: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new NotFoundError(`No file at "${location}".`);
  // O_NOFOLLOW met a link swapped in after the walk; ENXIO: a FIFO nobody reads, opened for writing.
  if (code === 'ELOOP' || code === 'ENXIO' || code === 'EEXIST')
    return refused(location, `${INSIDE_JOBS_FOLDER}, naming a regular file that stays inside it`);
  return error as Error;
}

function refused(location: string, reason: string): ValidationError {
  return new ValidationError(`The job file "${location}" is not allowed: it ${reason}.`, [
    { path: 'location', message: reason },
  ]);
}
