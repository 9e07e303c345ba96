import type { ComponentChildren } from 'preact';
import { FormStatus } from './form-status';
import type { Action } from './use-action';

/**
 * A form whose submit runs `submit` through `action` (busy while it runs, then its success line or the
 * API's field errors under the fields), with FormStatus above it. The browser's own validation is off: the
 * API's problem+json names the fields, and the form shows them.
 *
 * @example
 *   const action = useAction();
 *   const save = async () => { await api().setInventory(id, n); return 'Saved.'; };
 *   <ActionForm action={action} fields={['available']} labelledBy={titleId} submit={save}>…</ActionForm>
 */
export function ActionForm(props: {
  action: Action;
  /** The paths the form's fields show errors for; FormStatus lists the others. */
  fields: readonly string[];
  submit: () => Promise<string | undefined>;
  /** The id of the heading that names the form, or `label` when it has none. */
  labelledBy?: string;
  label?: string;
  children: ComponentChildren;
}) {
  const { action } = props;
  return (
    <>
      <FormStatus action={action} fields={props.fields} />
      <form
        class="form"
        noValidate
        aria-labelledby={props.labelledBy}
        aria-label={props.label}
        aria-busy={action.busy}
        onSubmit={(event) => {
          event.preventDefault();
          void action.run(props.submit);
        }}
      >
        {props.children}
      </form>
    </>
  );
}
