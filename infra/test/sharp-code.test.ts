import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { resolveSharpRuntime, SharpNotStagedError } from '../lib/constructs/sharp-code.js';
import { fakeSharpStaging } from './synth-variant.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'slimshop-sharp-'));

describe('resolveSharpRuntime', () => {
  it('prefers the staged linux-arm64 build: Graviton functions', () => {
    const root = scratch();
    const staging = fakeSharpStaging(root, 'arm64');
    const x64Modules = join(fakeSharpStaging(join(root, 'host'), 'x64'), 'linux-x64', 'node_modules');
    const runtime = resolveSharpRuntime(staging, x64Modules);
    expect(runtime).toMatchObject({
      arch: 'arm64',
      nodeModules: join(staging, 'linux-arm64', 'node_modules'),
    });
    expect(runtime.architecture).toBe(Architecture.ARM_64);
  });

  it("falls back to an x86_64 host's own node_modules: x86_64 functions", () => {
    const root = scratch();
    const x64Modules = join(fakeSharpStaging(root, 'x64'), 'linux-x64', 'node_modules');
    const runtime = resolveSharpRuntime(join(root, 'nothing-staged'), x64Modules);
    expect(runtime).toMatchObject({ arch: 'x64', nodeModules: x64Modules });
    expect(runtime.architecture).toBe(Architecture.X86_64);
  });

  it('names the staging command when no linux build is anywhere', () => {
    const root = scratch();
    expect(() => resolveSharpRuntime(join(root, 'a'), join(root, 'b'))).toThrow(SharpNotStagedError);
    expect(() => resolveSharpRuntime(join(root, 'a'), join(root, 'b'))).toThrow(
      /infra\/scripts\/stage-sharp\.mjs/,
    );
  });
});
