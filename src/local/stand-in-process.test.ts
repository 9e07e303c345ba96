import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { isProcessAlive } from './process-status.js';
import { spawnStandIn } from './stand-in-process.js';

/** Polls until `pid` is gone; the test's timeout bounds the wait. */
async function gone(pid: number): Promise<void> {
  while (isProcessAlive(pid)) await sleep(50);
}

// A program that prints its pid and then waits to be stopped with SIGTERM.
const WAITER = ['-c', 'echo "pid $$"; exec sleep 600'];

describe('spawnStandIn', () => {
  it('stop() signals the program and resolves once it has exited', async () => {
    const lines: string[] = [];
    const standIn = spawnStandIn('/bin/sh', WAITER, {
      stopSignal: 'SIGTERM',
      killAfterMs: 30_000,
      onLine: (line) => lines.push(line),
    });
    while (lines.length === 0) await sleep(20);
    const pid = Number(lines[0]?.replace('pid ', ''));

    await standIn.stop();

    expect(standIn.hasExited).toBe(true);
    expect(isProcessAlive(pid)).toBe(false);
  });

  it('stop() after the program died by itself returns at once', async () => {
    const standIn = spawnStandIn('/bin/sh', ['-c', 'exit 3'], { stopSignal: 'SIGTERM', killAfterMs: 30_000 });
    expect(await standIn.exited).toEqual({ code: 3, signal: null });

    await standIn.stop();
    await standIn.stop();
  });

  it('stops the program when its starter is killed with SIGKILL, which no exit hook sees', async () => {
    const module = join(import.meta.dirname, 'stand-in-process.ts');
    const starter = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { spawnStandIn } from ${JSON.stringify(module)};
         spawnStandIn('/bin/sh', ${JSON.stringify(WAITER)}, {
           stopSignal: 'SIGTERM', killAfterMs: 30_000, onLine: (line) => console.log(line),
         });
         setInterval(() => {}, 1_000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const pid = await new Promise<number>((resolve) => {
      starter.stdout?.on('data', (chunk: Buffer) => {
        const match = /pid (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
    });
    expect(isProcessAlive(pid)).toBe(true);

    starter.kill('SIGKILL');

    await gone(pid);
  });
});
