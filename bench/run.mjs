// `npm run bench`: every benchmark in bench/, one after the other (they would skew each other in parallel).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib/report.mjs';

const benches = readdirSync(join(repoRoot, 'bench')).filter(
  (file) => file.endsWith('.mjs') && file !== 'run.mjs',
);
for (const bench of benches.sort()) {
  console.log(`\n=== ${bench}`);
  execFileSync(process.execPath, [join(repoRoot, 'bench', bench)], { stdio: 'inherit' });
}
