import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileStore } from '../../app/ports/file-store.js';
import { NotFoundError, ValidationError } from '../../domain/shared/errors.js';
import { createJobsFolderStore } from './jobs-folder-store.js';

async function text(files: FileStore, location: string): Promise<string> {
  let all = '';
  for await (const chunk of files.read(location)) all += Buffer.from(chunk).toString('utf8');
  return all;
}

async function write(files: FileStore, location: string, content: string): Promise<void> {
  const writer = await files.createWriter(location, 'text/plain');
  await writer.write(content);
  await writer.close();
}

describe('jobs folder file store', () => {
  let dir: string;
  let root: string;
  let outside: string;
  let files: FileStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slimshop-jobs-folder-'));
    root = join(dir, 'data', 'jobs');
    outside = join(dir, 'secret');
    await mkdir(root, { recursive: true });
    await mkdir(outside);
    await writeFile(join(outside, 'shadow'), 'root:$6$secret');
    files = createJobsFolderStore(root);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads, sizes and writes files inside the folder by relative path, creating sub-folders', async () => {
    await writeFile(join(root, 'catalog.jsonl'), 'line 1\n');
    expect(await files.refusal?.('catalog.jsonl', 'read')).toBeUndefined();
    expect(await files.size('catalog.jsonl')).toBe(7);
    expect(await text(files, './catalog.jsonl')).toBe('line 1\n');

    await write(files, 'exports/2026/catalog.csv', 'id,sku\n');
    expect(await readFile(join(root, 'exports/2026/catalog.csv'), 'utf8')).toBe('id,sku\n');
    expect(await readdir(join(root, 'exports/2026'))).toEqual(['catalog.csv']);
  });

  it('follows a symbolic link that stays inside the folder', async () => {
    await mkdir(join(root, 'in'));
    await writeFile(join(root, 'in', 'real.jsonl'), 'inside');
    await symlink(join(root, 'in', 'real.jsonl'), join(root, 'latest.jsonl'));
    expect(await files.refusal?.('latest.jsonl', 'read')).toBeUndefined();
    expect(await text(files, 'latest.jsonl')).toBe('inside');
  });

  it('says a missing input is missing (not refused), naming only the relative path', async () => {
    expect(await files.refusal?.('missing.jsonl', 'read')).toBeUndefined();
    await expect(files.size('missing.jsonl')).rejects.toThrow(
      new NotFoundError('No file at "missing.jsonl".'),
    );
  });

  it.each([
    ['/etc/shadow', 'not an absolute path'],
    ['../secret/shadow', 'without ".."'],
    ['in/../../secret/shadow', 'without ".."'],
    ['..\\secret\\shadow', 'without ".."'],
    ['~/shadow', 'not an absolute path'],
    ['exports/', 'naming a file'],
    ['a\u0000b', 'without NUL characters'],
  ])('refuses %j before opening anything (%s)', async (location, words) => {
    expect(await files.refusal?.(location, 'read')).toContain(words);
    expect(await files.refusal?.(location, 'write')).toContain(words);
    await expect(files.size(location)).rejects.toBeInstanceOf(ValidationError);
    await expect(text(files, location)).rejects.toBeInstanceOf(ValidationError);
    await expect(files.createWriter(location, 'text/plain')).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses a name the file system cannot take, as a refusal rather than a failure', async () => {
    const location = `${'n'.repeat(300)}.jsonl`;
    expect(await files.refusal?.(location, 'read')).toMatch(/ENAMETOOLONG/);
    await expect(files.size(location)).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses symbolic links leading out, for the file or a folder on its way, on reads and writes', async () => {
    await symlink(join(outside, 'shadow'), join(root, 'shadow.jsonl'));
    await symlink(outside, join(root, 'linked'));
    for (const location of ['shadow.jsonl', 'linked/shadow']) {
      expect(await files.refusal?.(location, 'read')).toMatch(/leads outside the jobs folder/);
      await expect(text(files, location)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(await files.refusal?.('linked/new.csv', 'write')).toMatch(/leads outside/);
    await expect(files.createWriter('linked/new.csv', 'text/csv')).rejects.toBeInstanceOf(ValidationError);
    await expect(files.createWriter('shadow.jsonl', 'text/csv')).rejects.toBeInstanceOf(ValidationError);
    expect(await readdir(outside)).toEqual(['shadow']);
    expect(await readFile(join(outside, 'shadow'), 'utf8')).toBe('root:$6$secret');
  });

  it('refuses a FIFO and a folder as a file, without waiting for a writer', async () => {
    execFileSync('mkfifo', [join(root, 'pipe.jsonl')]);
    await mkdir(join(root, 'folder.jsonl'));
    for (const location of ['pipe.jsonl', 'folder.jsonl']) {
      expect(await files.refusal?.(location, 'read')).toMatch(/regular file/);
      await expect(files.size(location)).rejects.toBeInstanceOf(ValidationError);
      await expect(files.createWriter(location, 'text/plain')).rejects.toBeInstanceOf(ValidationError);
    }
  });

  it('checks again when opening: a file swapped for a link after the check is not read', async () => {
    await writeFile(join(root, 'catalog.jsonl'), 'fine');
    expect(await files.refusal?.('catalog.jsonl', 'read')).toBeUndefined();
    await rm(join(root, 'catalog.jsonl'));
    await symlink(join(outside, 'shadow'), join(root, 'catalog.jsonl'));
    await expect(files.size('catalog.jsonl')).rejects.toBeInstanceOf(ValidationError);
    await expect(text(files, 'catalog.jsonl')).rejects.toBeInstanceOf(ValidationError);
  });

  it('checks again when opening: a folder swapped for a link after the check is not read or written', async () => {
    await mkdir(join(root, 'in'));
    await writeFile(join(root, 'in', 'shadow'), 'fine');
    expect(await files.refusal?.('in/shadow', 'read')).toBeUndefined();
    expect(await files.refusal?.('in/out.csv', 'write')).toBeUndefined();
    await rm(join(root, 'in'), { recursive: true });
    await symlink(outside, join(root, 'in'));
    await expect(text(files, 'in/shadow')).rejects.toBeInstanceOf(ValidationError);
    await expect(files.createWriter('in/out.csv', 'text/csv')).rejects.toBeInstanceOf(ValidationError);
    expect(await readdir(outside)).toEqual(['shadow']);
  });

  it('never writes through a link planted at the partial name', async () => {
    await symlink(join(outside, 'shadow'), join(root, 'out.csv.partial'));
    await write(files, 'out.csv', 'id\n');
    expect(await readFile(join(root, 'out.csv'), 'utf8')).toBe('id\n');
    expect(await readFile(join(outside, 'shadow'), 'utf8')).toBe('root:$6$secret');
  });

  it('names its own path, not where the folder is, in a file system error', async () => {
    // A folder left where the partial file goes: the writer cannot make its file.
    await mkdir(join(root, 'out.csv.partial'));
    const error = await files.createWriter('out.csv', 'text/csv').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ path: 'out.csv' });
    expect(JSON.stringify({ ...(error as object) })).not.toContain(root);
  });

  it('creates the folder itself on first use', async () => {
    const fresh = createJobsFolderStore(join(dir, 'not-yet', 'jobs'));
    await write(fresh, 'a.txt', 'x');
    expect(await readFile(join(dir, 'not-yet', 'jobs', 'a.txt'), 'utf8')).toBe('x');
  });
});
