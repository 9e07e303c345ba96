import { type FieldError, ValidationError } from './errors.js';

/**
 * How deeply a JSON body may nest. No request of this API needs more than a handful of levels; the bound
 * keeps every later step that walks a body (fingerprinting, validation, storage marshalling, logging)
 * far from the stack limit, whatever a client sends.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * True when `value` nests objects and arrays more than `maxDepth` levels deep (`{}` and `[]` are one
 * level, a scalar none). Walks with its own stack, so a body a million levels deep is measured, not a
 * stack overflow; it stops as soon as the bound is passed.
 */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return true;
    for (const member of Object.values(next.value)) pending.push({ value: member, depth });
  }
  return false;
}

/**
 * Dotted paths (`attributes.__proto__`, `items.0.__proto__`) of the members named `__proto__`. JSON.parse
 * keeps such a member as an own property, but zod's records drop it without a word and plain assignment
 * turns it into an object's prototype, so it could never be stored as sent.
 */
export function protoMemberPaths(value: unknown): string[] {
  const found: string[] = [];
  const pending: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    for (const [key, member] of Object.entries(next.value)) {
      const path = [...next.path, key];
      if (key === '__proto__' && !Array.isArray(next.value)) found.push(path.join('.'));
      pending.push({ value: member, path });
    }
  }
  return found.sort();
}

/**
 * ValidationError (a 400) for a request body no route takes: nested deeper than MAX_JSON_DEPTH (on
 * `body`), or holding members named `__proto__` (each named, as the unknown field it is everywhere).
 * Runs before any schema, so nothing recursive ever sees such a body.
 *
 * @example
 * assertJsonBody(JSON.parse('{"attributes":{"__proto__":1}}')); // throws: attributes.__proto__ is not a known field
 */
export function assertJsonBody(body: unknown): void {
  assertJsonDepth(body);
  const errors: FieldError[] = protoMemberPaths(body).map((path) => ({
    path,
    message: 'is not a known field',
  }));
  if (errors.length > 0) throw new ValidationError('The request is not valid.', errors);
}

/** The depth check alone: for code that fingerprints a body before its route validates it. */
export function assertJsonDepth(body: unknown): void {
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
    throw new ValidationError(`The request body nests deeper than ${MAX_JSON_DEPTH} levels.`, [
      { path: 'body', message: `must not nest objects and arrays more than ${MAX_JSON_DEPTH} levels deep` },
    ]);
  }
}
