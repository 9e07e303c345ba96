import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOB_NAMES, JOB_SPECS } from '../lib/config/job-specs.js';
import { REPO_ROOT } from '../lib/config/paths.js';

describe('job specs', () => {
  it('size exactly the jobs src/jobs/job.ts names', () => {
    expect(Object.keys(JOB_SPECS).sort()).toEqual([...JOB_NAMES].sort());
  });

  it('import from src/jobs/job.ts a file with type-only imports, so synthesis loads no job code', () => {
    // .dependency-cruiser.cjs lets infra/ import this one file because it holds names and types only.
    const source = readFileSync(join(REPO_ROOT, 'src/jobs/job.ts'), 'utf8');
    const imports = source.split('\n').filter((line) => /^\s*import\s/.test(line));
    for (const line of imports) expect(line).toMatch(/^\s*import type /);
  });
});
