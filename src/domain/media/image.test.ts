import { describe, expect, it } from 'vitest';
import { originalKey, parseOriginalKey, publicObjectUrl, variantKey, variantWidths } from './image.js';

describe('variantWidths', () => {
  it('keeps the standard widths an original can fill, plus its own width when narrower than 1600', () => {
    expect(variantWidths(4000)).toEqual([320, 768, 1600]);
    expect(variantWidths(1600)).toEqual([320, 768, 1600]);
    expect(variantWidths(1000)).toEqual([320, 768, 1000]);
    expect(variantWidths(768)).toEqual([320, 768]);
    expect(variantWidths(200)).toEqual([200]);
  });
});

describe('object keys', () => {
  it('finds product and image in an original key, and in nothing else (variants raise events too)', () => {
    expect(parseOriginalKey(originalKey('p1', 'img_1'))).toEqual({ productId: 'p1', imageId: 'img_1' });
    expect(parseOriginalKey(variantKey('p1', 'img_1', 'abc', 320, 'webp'))).toBeUndefined();
    expect(parseOriginalKey('products/p1/images/../original')).toBeUndefined();
    expect(variantKey('p1', 'i', 'abc', 320, 'jpeg')).toBe('products/p1/images/i/abc/320.jpg');
  });

  it('encodes each key segment of a public URL but keeps the slashes', () => {
    expect(publicObjectUrl('https://cdn.example', 'a b/c+d')).toBe('https://cdn.example/a%20b/c%2Bd');
  });
});
