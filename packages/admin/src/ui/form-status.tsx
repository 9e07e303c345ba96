import { Notice } from './notice';
import type { Action } from './use-action';

/** Above a form: its failure or success line, and any field error whose field the form does not have. */
export function FormStatus({ action, fields }: { action: Action; fields: readonly string[] }) {
  const others = action.otherErrors(fields);
  return (
    <>
      {action.failure === undefined ? null : <Notice kind="error">{action.failure}</Notice>}
      {action.done === undefined ? null : <Notice kind="success">{action.done}</Notice>}
      {others.length > 0 ? (
        <ul class="errors">
          {others.map((e) => (
            <li key={e.path}>
              {e.path}: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
