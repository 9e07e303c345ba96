import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PreconditionRequiredError, ValidationError } from '../domain/shared/errors.js';
import {
  ENTITY_TAGS_PATTERN,
  etagFor,
  ifMatchCondition,
  ifNoneMatchHits,
  parseEntityTags,
  requiredIfMatch,
} from './etag.js';

describe('entity tags (RFC 9110 §8.8.3, §13.1)', () => {
  it('derives a strong tag from the version', () => {
    expect(etagFor(3)).toBe('"3"');
  });

  it('parses *, single tags, lists, weak tags and commas inside quotes', () => {
    expect(parseEntityTags(' * ', 'If-Match')).toBe('*');
    expect(parseEntityTags('"3"', 'If-Match')).toEqual([{ weak: false, opaque: '3' }]);
    expect(parseEntityTags('W/"1" ,"2",W/"a,b"', 'If-Match')).toEqual([
      { weak: true, opaque: '1' },
      { weak: false, opaque: '2' },
      { weak: true, opaque: 'a,b' },
    ]);
    expect(parseEntityTags('', 'If-Match')).toEqual([]);
  });

  it.each(['3', '"3', '"3" "4"', 'W/3', '"a"b', '*, "1"'])('rejects %j with a header path', (value) => {
    try {
      parseEntityTags(value, 'If-Match');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors[0]?.path).toBe('header.if-match');
    }
  });

  it('If-Match compares strongly: weak and foreign tags never match', () => {
    expect(ifMatchCondition(undefined)).toBeUndefined();
    expect(ifMatchCondition('*')).toBe('*');
    expect(ifMatchCondition('"1", W/"2", "x", "3"')).toEqual([1, 3]);
  });

  it('If-None-Match compares weakly', () => {
    expect(ifNoneMatchHits(undefined, 1)).toBe(false);
    expect(ifNoneMatchHits('W/"1"', 1)).toBe(true);
    expect(ifNoneMatchHits('"0", "1"', 1)).toBe(true);
    expect(ifNoneMatchHits('*', 7)).toBe(true);
    expect(ifNoneMatchHits('"2"', 1)).toBe(false);
  });

  it('requiredIfMatch answers 428 when the header is missing', () => {
    expect(() => requiredIfMatch(undefined)).toThrow(PreconditionRequiredError);
    expect(requiredIfMatch('"4"')).toEqual([4]);
  });

  it('the pattern in the OpenAPI document accepts exactly the values the server parses', () => {
    const documented = new RegExp(ENTITY_TAGS_PATTERN, 'u');
    const parses = (value: string) => {
      try {
        parseEntityTags(value, 'If-Match');
        return true;
      } catch {
        return false;
      }
    };
    // Values built from the characters that matter to the grammar, so most are near misses.
    const piece = fc.constantFrom(
      '"',
      'W/',
      '*',
      ',',
      ' ',
      '\t',
      '1',
      'a',
      'W',
      '/',
      '\x7f',
      'é',
      '"2"',
      'W/"3"',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const value = pieces.join('');
        expect(documented.test(value), JSON.stringify(value)).toBe(parses(value));
      }),
      { numRuns: 2000 },
    );
  });
});
