import type { VersionCondition } from '../app/catalog/version-condition.js';
import { PreconditionRequiredError, ValidationError } from '../domain/shared/errors.js';

/** A strong ETag derived from the version: the version is exactly what changes on every write. */
export const etagFor = (version: number): string => `"${version}"`;

interface EntityTag {
  weak: boolean;
  opaque: string;
}

// RFC 9110 §8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text.
const MEMBER = /^\s*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|$)/;

/**
 * The values parseEntityTags accepts, as one regular expression for the OpenAPI document: `*`, or entity
 * tags separated by commas (a trailing comma and surrounding blanks allowed). etag.test.ts checks that the
 * two agree on any input.
 */
export const ENTITY_TAGS_PATTERN = String.raw`^\s*(?:\*\s*|(?:(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"\s*(?:,\s*|$))*)$`;

/** `*` or the list of entity tags in an If-Match / If-None-Match value; 400 when it is not one. */
export function parseEntityTags(value: string, header: string): '*' | EntityTag[] {
  if (value.trim() === '*') return '*';
  const tags: EntityTag[] = [];
  let rest = value;
  while (rest.trim() !== '') {
    const match = MEMBER.exec(rest);
    if (!match) {
      throw new ValidationError(`The ${header} header is malformed.`, [
        { path: `header.${header.toLowerCase()}`, message: 'must be * or a list of entity tags such as "3"' },
      ]);
    }
    tags.push({ weak: match[1] !== undefined, opaque: match[2] as string });
    rest = rest.slice(match[0].length);
  }
  return tags;
}

/**
 * If-Match as a version condition; undefined when the header is absent. If-Match uses the strong
 * comparison, so weak tags never match (and neither do tags that are not one of our versions).
 */
export function ifMatchCondition(value: string | undefined): VersionCondition | undefined {
  if (value === undefined) return undefined;
  const tags = parseEntityTags(value, 'If-Match');
  if (tags === '*') return '*';
  return tags.filter((tag) => !tag.weak && /^\d{1,15}$/.test(tag.opaque)).map((tag) => Number(tag.opaque));
}

/** True when If-None-Match names the current version (weak comparison, as RFC 9110 asks for GET). */
export function ifNoneMatchHits(value: string | undefined, version: number): boolean {
  if (value === undefined) return false;
  const tags = parseEntityTags(value, 'If-None-Match');
  return tags === '*' || tags.some((tag) => tag.opaque === String(version));
}

/** If-Match for writes that merge into the current state: they must say which state they read (428). */
export function requiredIfMatch(value: string | undefined): VersionCondition {
  const condition = ifMatchCondition(value);
  if (condition === undefined) throw new PreconditionRequiredError();
  return condition;
}
