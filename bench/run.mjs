// `npm run bench`: every benchmark in bench/, one after the other (they would skew each other in parallel).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib/report.mjs';

// The profiler explains a benchmark's number; it measures no ratio of its own.
const NOT_BENCHMARKS = new Set(['run.mjs', 'cold-start-profile.mjs']);
const benches = readdirSync(join(repoRoot, 'bench')).filter(
  (file) => file.endsWith('.mjs') && !NOT_BENCHMARKS.has(file),
);
for (const bench of benches.sort()) {
  console.log(`\n=== ${bench}`);
  execFileSync(process.execPath, [join(repoRoot, 'bench', bench)], { stdio: 'inherit' });
}
