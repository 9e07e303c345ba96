import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

/**
 * A modal <dialog>: the browser traps focus in it, Escape closes it (onCancel), and focus goes back to
 * what opened it when it closes.
 */
export function Dialog(props: {
  open: boolean;
  title: string;
  onCancel: () => void;
  children: ComponentChildren;
  actions: ComponentChildren;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
      <div class="actions">{props.actions}</div>
    </dialog>
  );
}

/** "Are you sure?" with the action named on its button. */
export function Confirm(props: {
  open: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog
      open={props.open}
      title={props.title}
      onCancel={props.onCancel}
      actions={
        <>
          <button type="button" onClick={props.onCancel}>
            Keep it
          </button>
          <button type="button" class="danger" onClick={props.onConfirm}>
            {props.confirmLabel}
          </button>
        </>
      }
    >
      <p>{props.message}</p>
    </Dialog>
  );
}
