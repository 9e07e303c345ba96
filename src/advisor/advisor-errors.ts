/** One problem with an input, named by its dotted path (e.g. `jobs.0.durationMinutes`). */
export interface InputProblem {
  path: string;
  message: string;
}

/**
 * A workload or price file the advisor cannot use. Kept inside advisor/ (which imports only itself and
 * zod); a transport maps it to its own validation error, the CLI to exit code 2.
 */
export class AdvisorInputError extends Error {
  readonly problems: InputProblem[];

  constructor(message: string, problems: InputProblem[], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AdvisorInputError';
    this.problems = problems;
  }
}

/** Turns zod issues into problems that name their field, the first one leading the message. */
export function inputErrorFrom(
  what: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  cause?: unknown,
): AdvisorInputError {
  const problems = issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const summary = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  return new AdvisorInputError(`Invalid ${what}: ${summary}`, problems, { cause });
}
