import { ValidationError } from '../../domain/shared/errors.js';
import { applyMergePatch } from '../../domain/shared/merge-patch.js';

/**
 * Applies a JSON merge patch (RFC 7396) to the writable view of a resource. The caller validates the result
 * with the resource's input schema, so a patch can never produce what a full write could not.
 * Server-owned fields are refused outright rather than silently ignored: a client that tries to set
 * `version` has a bug it should hear about.
 */
export function applyPatchToWritable(
  writable: object,
  patch: unknown,
  readOnlyFields: readonly string[],
): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new ValidationError('A merge patch must be a JSON object.', [
      { path: 'body', message: 'must be a JSON object' },
    ]);
  }
  const readOnly = readOnlyFields.filter((field) => Object.hasOwn(patch, field));
  if (readOnly.length > 0) {
    throw new ValidationError(
      'The patch touches fields the server owns.',
      readOnly.map((path) => ({ path, message: 'is read-only' })),
    );
  }
  return applyMergePatch(writable, patch);
}
