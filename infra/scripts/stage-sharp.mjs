#!/usr/bin/env node
// Stages sharp for linux-arm64 Lambda functions (the image Lambda, the jobs Lambda) in dist/sharp/linux-arm64.
// npm installs only the build machine's own platform into node_modules, so an x64 machine has no arm64
// binaries; this installs the exact sharp version of the lockfile for linux/arm64/glibc beside the build.
// Needs the npm registry once; `cdk synth` then finds the staged copy offline (infra/lib/constructs/sharp-code.ts).
// Usage: node infra/scripts/stage-sharp.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { version } = JSON.parse(readFileSync(join(root, 'node_modules/sharp/package.json'), 'utf8'));
const target = join(root, 'dist/sharp/linux-arm64');
const marker = join(target, 'node_modules/@img/sharp-linux-arm64/package.json');

if (existsSync(marker) && JSON.parse(readFileSync(marker, 'utf8')).version === version) {
  console.log(`sharp ${version} for linux-arm64 is already staged in ${target}`);
} else {
  mkdirSync(target, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(
    npm,
    [
      'install',
      '--prefix',
      target,
      '--os=linux',
      '--cpu=arm64',
      '--libc=glibc',
      '--no-save',
      '--no-package-lock',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      `sharp@${version}`,
    ],
    { stdio: 'inherit' },
  );
  console.log(`staged sharp ${version} for linux-arm64 in ${target}`);
}
