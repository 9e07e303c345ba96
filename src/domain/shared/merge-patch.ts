/**
 * JSON Merge Patch (RFC 7396): objects merge recursively, `null` removes a member, anything else replaces.
 * Pure and total; the caller validates the result against the resource's schema.
 *
 * Member names are data, never object machinery: a member named `__proto__` (which JSON.parse keeps as an
 * own property) stays an own member of the result, so the resource's schema refuses it as an unknown field
 * instead of it silently replacing the result's prototype.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = {};
  if (isPlainObject(target)) for (const [key, value] of Object.entries(target)) define(result, key, value);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else define(result, key, applyMergePatch(Object.hasOwn(result, key) ? result[key] : undefined, value));
  }
  return result;
}

/** An own, enumerable member even for `__proto__`, where plain assignment would set the prototype. */
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
