import { describe, expect, it } from 'vitest';
import { isStorableText, storableText } from './storable-text.js';
import * as z from './zod.js';

describe('storable text', () => {
  it.each([
    ['U+0000', '\u0000'],
    ['other C0 controls', '\u0001\u0008\u000b\u000c\u001b\u001f'],
    ['a carriage return on its own', '\r'],
    ['DEL', '\u007f'],
    ['C1 controls', '\u0080\u0085\u009f'],
    ['a lone high surrogate', '\ud83d'],
    ['a lone low surrogate', '\ude00'],
  ])('refuses %s', (_, characters) => {
    for (const character of characters) expect(isStorableText(`a${character}b`)).toBe(false);
  });

  it('keeps tab, newline (also CRLF), accents, non-breaking spaces, line separators and emoji', () => {
    expect(isStorableText('Café\tcrème\nbrûlée\r\n\u00a0\u2028😀 𝄞')).toBe(true);
    expect(isStorableText('two\r\r\nlines')).toBe(false);
  });

  it('runs the given checks first, so trimming applies before the result is stored', () => {
    const name = storableText(z.trim(), z.minLength(1), z.maxLength(5));
    expect(z.parse(name, '  Mugs ')).toBe('Mugs');
    const refused = z.safeParse(name, 'M\u0000');
    expect(refused.error?.issues.map((issue) => issue.message)).toEqual([
      expect.stringContaining('control characters'),
    ]);
  });
});
