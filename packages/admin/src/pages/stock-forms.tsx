import { ApiError } from '@slimshop/client';
import { useId, useState } from 'preact/hooks';
import { api } from '../api';
import { ActionForm } from '../ui/action-form';
import { InputField } from '../ui/field';
import { wholeNumber } from '../ui/number-input';
import { InvalidFields, useAction } from '../ui/use-action';

/** The API's most units of a product (and the largest change). */
export const MAX_STOCK = 1_000_000_000;

/**
 * The two ways to change a product's stock: set the count (PUT, logged with the reason "set"), or add or
 * remove units with a reason (POST …/adjustments, with an Idempotency-Key kept until the form changes, so
 * a second click or a retry after a lost answer counts once).
 */
export function StockForms(props: {
  productId: string;
  available: number | undefined;
  onChanged: (available: number, how: string) => void;
}) {
  const ids = { available: useId(), delta: useId(), reason: useId(), set: useId(), adjust: useId() };
  const [available, setAvailable] = useState(props.available === undefined ? '' : String(props.available));
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState('');
  const [key, setKey] = useState(() => crypto.randomUUID());
  const setting = useAction();
  const adjusting = useAction();

  const setCount = async () => {
    const units = wholeNumber(available, { min: 0, max: MAX_STOCK });
    if (typeof units === 'string') throw new InvalidFields([{ path: 'available', message: units }]);
    const level = await api().setInventory(props.productId, units);
    props.onChanged(level.available, 'count set');
    return undefined;
  };
  const adjust = async () => {
    const units = wholeNumber(delta, { min: -MAX_STOCK, max: MAX_STOCK });
    const problems = [
      ...(typeof units === 'string' ? [{ path: 'delta', message: units }] : []),
      ...(units === 0 ? [{ path: 'delta', message: 'must not be 0' }] : []),
      ...(reason.trim() === '' ? [{ path: 'reason', message: 'say why the stock changes' }] : []),
    ];
    if (problems.length > 0 || typeof units === 'string') throw new InvalidFields(problems);
    try {
      const level = await api().adjustInventory(
        props.productId,
        { delta: units, reason: reason.trim() },
        { idempotencyKey: key },
      );
      setKey(crypto.randomUUID());
      props.onChanged(level.available, `${units > 0 ? '+' : ''}${units}, ${reason.trim()}`);
      return undefined;
    } catch (error) {
      // Below zero is a 409 naming no field: it is about the change asked for.
      if (error instanceof ApiError && error.status === 409 && error.errors.length === 0)
        throw new InvalidFields([{ path: 'delta', message: error.detail || error.title }]);
      throw error;
    }
  };

  return (
    <>
      <p>
        Available now: <strong>{props.available ?? 'unknown'}</strong>
      </p>
      <section aria-labelledby={ids.set}>
        <h3 id={ids.set}>Set the count</h3>
        <ActionForm action={setting} fields={['available']} labelledBy={ids.set} submit={setCount}>
          <InputField
            id={ids.available}
            label="Available units"
            errors={setting.errorsAt('available')}
            inputMode="numeric"
            value={available}
            onInput={(e) => setAvailable(e.currentTarget.value)}
          />
          <button type="submit" class="primary" disabled={setting.busy}>
            Set count
          </button>
        </ActionForm>
      </section>
      <section aria-labelledby={ids.adjust}>
        <h3 id={ids.adjust}>Add or remove units</h3>
        <ActionForm action={adjusting} fields={['delta', 'reason']} labelledBy={ids.adjust} submit={adjust}>
          <div class="row">
            <InputField
              id={ids.delta}
              label="Change by"
              hint="-2 removes two, 5 adds five"
              errors={adjusting.errorsAt('delta')}
              size={8}
              value={delta}
              onInput={(e) => {
                setDelta(e.currentTarget.value);
                setKey(crypto.randomUUID());
              }}
            />
            <InputField
              id={ids.reason}
              label="Reason"
              errors={adjusting.errorsAt('reason')}
              value={reason}
              maxLength={200}
              onInput={(e) => {
                setReason(e.currentTarget.value);
                setKey(crypto.randomUUID());
              }}
            />
          </div>
          <button type="submit" class="primary" disabled={adjusting.busy}>
            Adjust stock
          </button>
        </ActionForm>
      </section>
    </>
  );
}
