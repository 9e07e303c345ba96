import type { ComponentChildren } from 'preact';

/** A message with a word and an icon saying what kind it is: never colour alone. */
export function Notice(props: { kind: 'error' | 'success' | 'info'; children: ComponentChildren }) {
  const label = { error: 'Error', success: 'Done', info: 'Note' }[props.kind];
  const icon = { error: '✕', success: '✓', info: 'ℹ' }[props.kind];
  return (
    <div class={`notice notice-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      <span aria-hidden="true">{icon}</span> <strong>{label}:</strong> {props.children}
    </div>
  );
}
