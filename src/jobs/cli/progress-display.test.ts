import { describe, expect, it } from 'vitest';
import { createProgressDisplay } from './progress-display.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, write: (text: string) => writes.push(text) }, writes };
}

describe('progress display', () => {
  it('on a terminal redraws one bar in place, at most every 100 ms, and ends it with a newline', () => {
    let now = 0;
    const { stream, writes } = fakeStream(true);
    const display = createProgressDisplay('import-catalog', stream, () => now);
    display.update({ done: 0, total: 200, unit: 'rows' });
    now = 50;
    display.update({ done: 50, total: 200, unit: 'rows' }); // too soon: not drawn
    now = 150;
    display.update({ done: 100, total: 200, unit: 'rows' });
    display.update({ done: 200, total: 200, unit: 'rows' });
    display.finish();
    expect(writes).toEqual([
      '\rimport-catalog [------------------------------] 0 of 200 rows (0%)',
      '\rimport-catalog [###############---------------] 100 of 200 rows (50%)',
      '\rimport-catalog [##############################] 200 of 200 rows (100%)',
      '\n',
    ]);
  });

  it('elsewhere writes a plain line every 2 s and always the final state', () => {
    let now = 0;
    const { stream, writes } = fakeStream(false);
    const display = createProgressDisplay('export-catalog', stream, () => now);
    display.update({ done: 500, unit: 'products' });
    now = 1_000;
    display.update({ done: 1_500, total: 4_000, unit: 'products' });
    now = 2_100;
    display.update({ done: 2_500, total: 4_000, unit: 'products' });
    now = 2_200;
    display.update({ done: 4_000, total: 4_000, unit: 'products' });
    display.finish();
    expect(writes).toEqual([
      'export-catalog: 500 products\n',
      'export-catalog: 2,500 of 4,000 products (62%)\n',
      'export-catalog: 4,000 of 4,000 products (100%)\n',
    ]);
  });
});
