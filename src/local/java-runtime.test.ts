import { spawn } from 'node:child_process';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { installedJava, JavaRuntimeError, parseJavaMajorVersion } from './java-runtime.js';

describe('the Java check before starting DynamoDB Local', () => {
  it.each([
    [
      'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)',
      17,
    ],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_392"\nJava(TM) SE Runtime Environment', 8],
    ['openjdk version "11.0.2-ea" 2019-01-15', 11],
    ['Picked up JAVA_TOOL_OPTIONS: -Dfile.encoding=UTF8\nopenjdk version "23.0.1" 2024-10-15', 23],
  ])('reads the major version of %j as %i', (output, major) => {
    expect(parseJavaMajorVersion(output)).toBe(major);
  });

  it('finds no version where none is written', () => {
    expect(parseJavaMajorVersion('Error: could not create the Java Virtual Machine.')).toBeUndefined();
  });

  it('tells a missing java from one it cannot read', async () => {
    expect(await installedJava('/nonexistent/bin/java')).toBe('missing');
  });

  it('prints as one line saying how to install Java, with no stack', () => {
    for (const found of ['missing', 11] as const) {
      const printed = inspect(new JavaRuntimeError(found));
      expect(printed.split('\n')).toHaveLength(1);
      expect(printed).toContain('apt-get install -y default-jre-headless');
      expect(printed).toContain('brew install openjdk@17');
    }
    expect(inspect(new JavaRuntimeError(11))).toContain('found Java 11');
  });

  it('stops `npm run job` with that line and a failure exit code when java is not on PATH', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/entrypoints/local-job.ts', 'export-catalog', '--out', 'never-written.jsonl'],
      {
        env: { PATH: '/nonexistent' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining('needs Java 17 or newer')]);
  });
});
