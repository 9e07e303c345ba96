import { type FieldError, ValidationError } from '../../domain/shared/errors.js';
import * as z from '../../domain/shared/zod.js';

/**
 * Turns zod issues into the API's field errors: dotted paths (`price.amount`), one entry per unknown key,
 * messages a client can act on. `prefix` says where the value came from (`query`, `path`); issues about
 * the value as a whole get the prefix itself, or `fallback` (`body`) when there is none.
 */
export function fieldErrorsFromZod(
  error: z.core.$ZodError,
  prefix?: string,
  fallback = 'body',
): FieldError[] {
  const at = (path: readonly PropertyKey[]) => {
    const joined = [prefix, ...path.map(String)]
      .filter((part) => part !== undefined && part !== '')
      .join('.');
    return joined === '' ? fallback : joined;
  };
  return error.issues.flatMap((issue): FieldError[] => {
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({ path: at([...issue.path, key]), message: 'is not a known field' }));
      case 'invalid_type':
        return [{ path: at(issue.path), message: describeInvalidType(issue) }];
      case 'invalid_key':
        return [{ path: at(issue.path), message: issue.issues[0]?.message ?? issue.message }];
      case 'invalid_union':
        return [{ path: at(issue.path), message: describeUnion(issue) }];
      default:
        return [{ path: at(issue.path), message: issue.message }];
    }
  });
}

/** Parses `value` or throws a ValidationError listing every problem (not just the first). */
export function parseOrThrow<S extends z.core.$ZodType>(
  schema: S,
  value: unknown,
  message: string,
  prefix?: string,
): z.output<S> {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  throw new ValidationError(message, fieldErrorsFromZod(result.error, prefix));
}

function describeInvalidType(issue: z.core.$ZodIssueInvalidType): string {
  // zod's own text ("expected string, received undefined") reads oddly for a field that is simply absent;
  // issues carry no input unless parsing asked for it, so the message is all there is to go by.
  return issue.message.endsWith('received undefined') ? 'is required' : issue.message;
}

function describeUnion(issue: z.core.$ZodIssueInvalidUnion): string {
  const expected = issue.errors
    .map((branch) => branch[0])
    .filter((first) => first?.code === 'invalid_type')
    .map((first) => (first as z.core.$ZodIssueInvalidType).expected);
  return expected.length === issue.errors.length && expected.length > 0
    ? `must be one of: ${expected.join(', ')}`
    : issue.message;
}
