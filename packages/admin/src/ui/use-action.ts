import { ApiError, type FieldError } from '@slimshop/client';
import { useState } from 'preact/hooks';
import { describeError } from './format';

/** Thrown by a form's own checks before anything is sent: shown like the API's field errors. */
export class InvalidFields extends Error {
  constructor(readonly errors: readonly FieldError[]) {
    super('Check the fields marked below.');
  }
}

/** The field errors of `errors` at `path` or below it: `price` collects `price` and `price.amount`. */
export function messagesAt(errors: readonly FieldError[], ...paths: string[]): string[] {
  return errors
    .filter((e) => paths.some((path) => e.path === path || e.path.startsWith(`${path}.`)))
    .map((e) => e.message);
}

/**
 * One form's submit: busy while it runs, then a success line, or the failure as one line plus the field
 * errors of a problem+json (`errors[].path`) or of an InvalidFields thrown by the form's own checks.
 *
 * @example
 *   const action = useAction();
 *   const onSubmit = () => action.run(async () => { await api().setInventory(id, n); return 'Saved.'; });
 *   <Field id="available" label="Available" errors={action.errorsAt('available')}>…</Field>
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);

  const run = async (action: () => Promise<string | undefined>): Promise<boolean> => {
    setBusy(true);
    setFailure(undefined);
    setDone(undefined);
    setErrors([]);
    try {
      setDone(await action());
      return true;
    } catch (error) {
      if ((error instanceof ApiError || error instanceof InvalidFields) && error.errors.length > 0) {
        setErrors(error.errors);
        setFailure(
          error instanceof ApiError
            ? `${error.title}: check the fields marked below.`
            : 'Check the fields marked below.',
        );
      } else setFailure(describeError(error));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return {
    busy,
    failure,
    done,
    errors,
    run,
    errorsAt: (...paths: string[]) => messagesAt(errors, ...paths),
    /** Errors at none of `known`: listed above the form, so none goes unseen. */
    otherErrors: (known: readonly string[]) => errors.filter((e) => messagesAt([e], ...known).length === 0),
    clear: () => {
      setFailure(undefined);
      setDone(undefined);
      setErrors([]);
    },
  };
}

export type Action = ReturnType<typeof useAction>;
