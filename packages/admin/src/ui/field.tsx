import type { ComponentChildren, InputHTMLAttributes } from 'preact';

/**
 * A labelled form field with an optional hint and the messages of its errors under it. Give the input
 * `{...describedBy(id, errors, hint)}` so screen readers hear the hint and errors and know it is invalid.
 *
 * @example
 *   <Field id={ids.name} label="Name" errors={errorsAt('name')}>
 *     <input id={ids.name} value={name} {...describedBy(ids.name, errorsAt('name'))} />
 *   </Field>
 */
export function Field(props: {
  id: string;
  label: string;
  hint?: string;
  errors: readonly string[];
  children: ComponentChildren;
}) {
  return (
    <div class={props.errors.length > 0 ? 'field has-error' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.hint === undefined ? null : (
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      )}
      {props.children}
      {props.errors.length > 0 ? (
        <span class="field-error" id={`${props.id}-error`}>
          <span aria-hidden="true">✕ </span>
          {props.errors.join(' ')}
        </span>
      ) : null}
    </div>
  );
}

/** The ARIA attributes tying an input to its hint and its errors (ids as Field makes them). */
export function describedBy(id: string, errors: readonly string[], hint = false) {
  const ids = [...(hint ? [`${id}-hint`] : []), ...(errors.length > 0 ? [`${id}-error`] : [])];
  return {
    'aria-invalid': errors.length > 0 ? true : undefined,
    'aria-describedby': ids.length > 0 ? ids.join(' ') : undefined,
  } as const;
}

/**
 * A Field holding one text input: the label, hint and errors tied to it as Field and describedBy do. No
 * `ref` reaches the input (Preact does not forward refs): an input the page must reach uses Field.
 *
 * @example
 *   <InputField id={ids.name} label="Name" errors={errorsAt('name')} value={name} onInput={setName} />
 */
export function InputField({
  id,
  label,
  hint,
  errors,
  ...input
}: { id: string; label: string; hint?: string; errors: readonly string[] } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'label'
>) {
  return (
    <Field id={id} label={label} {...(hint === undefined ? {} : { hint })} errors={errors}>
      <input id={id} {...input} {...describedBy(id, errors, hint !== undefined)} />
    </Field>
  );
}
