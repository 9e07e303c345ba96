import { describe, expect, it } from 'vitest';
import { loadedOnFirstCall } from './loaded-on-first-call.js';

interface Greeter {
  greet(name: string): Promise<string>;
  shout(name: string): Promise<string>;
}

describe('loadedOnFirstCall', () => {
  it('loads nothing until a method is called, then once for every method and call', async () => {
    let loads = 0;
    const greeter = loadedOnFirstCall<Greeter>(async () => {
      loads += 1;
      return { greet: async (name) => `hello ${name}`, shout: async (name) => `HELLO ${name}` };
    }, ['greet', 'shout']);
    expect(loads).toBe(0);
    expect(await Promise.all([greeter.greet('a'), greeter.shout('b'), greeter.greet('c')])).toEqual([
      'hello a',
      'HELLO b',
      'hello c',
    ]);
    expect(loads).toBe(1);
  });

  it('tries a failed load again on the next call', async () => {
    let loads = 0;
    const greeter = loadedOnFirstCall<Greeter>(async () => {
      loads += 1;
      if (loads === 1) throw new Error('chunk not readable');
      return { greet: async (name) => `hello ${name}`, shout: async (name) => name };
    }, ['greet', 'shout']);
    await expect(greeter.greet('a')).rejects.toThrow('chunk not readable');
    expect(await greeter.greet('b')).toBe('hello b');
    expect(loads).toBe(2);
  });
});
