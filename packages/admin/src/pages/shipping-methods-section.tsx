import { useId, useState } from 'preact/hooks';
import { api, dataOf, type ShippingMethod, succeeded, TAX_CLASSES } from '../api';
import { ActionForm } from '../ui/action-form';
import { Confirm } from '../ui/dialog';
import { Field, InputField } from '../ui/field';
import { describeError, money } from '../ui/format';
import { Notice } from '../ui/notice';
import { useAction } from '../ui/use-action';
import { useAsync } from '../ui/use-async';
import {
  EMPTY_SHIPPING_FORM,
  formOfShippingMethod,
  type ShippingForm,
  shippingMethodBody,
} from './shipping-method-form';

const FIELDS = [
  'path.id',
  'name',
  'countries',
  'price.amount',
  'price.currency',
  'freeAbove.amount',
  'freeAbove.currency',
  'taxClass',
  'active',
];

/** Every shipping method (a shop has at most 500: one page), with a form to create or replace one. */
export function ShippingMethodsSection() {
  const ids = {
    title: useId(),
    formTitle: useId(),
    id: useId(),
    name: useId(),
    countries: useId(),
    price: useId(),
    currency: useId(),
    freeAbove: useId(),
    taxClass: useId(),
    active: useId(),
  };
  const [list, reload] = useAsync(async () => dataOf(await api().raw.GET('/shipping-methods', {})), []);
  const [form, setForm] = useState<ShippingForm>(EMPTY_SHIPPING_FORM);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState<ShippingMethod | undefined>(undefined);
  const action = useAction();
  const set = (field: keyof ShippingForm) => (event: { currentTarget: { value: string } }) =>
    setForm({ ...form, [field]: event.currentTarget.value });

  const save = async () => {
    const body = shippingMethodBody(form);
    const outcome = await api().raw.PUT('/shipping-methods/{id}', {
      params: { path: { id: form.id.trim() } },
      body,
    });
    const saved = dataOf(outcome);
    setForm(formOfShippingMethod(saved));
    setEditing(true);
    reload();
    return `${outcome.response.status === 201 ? 'Created' : 'Saved'} shipping method “${saved.name}” (${saved.id}).`;
  };
  const remove = (method: ShippingMethod) => {
    setDeleting(undefined);
    void action.run(async () => {
      succeeded(await api().raw.DELETE('/shipping-methods/{id}', { params: { path: { id: method.id } } }));
      if (form.id === method.id) {
        setForm(EMPTY_SHIPPING_FORM);
        setEditing(false);
      }
      reload();
      return `Deleted shipping method “${method.name}”.`;
    });
  };

  return (
    <section aria-labelledby={ids.title}>
      <h2 id={ids.title}>Shipping methods</h2>
      {list.state === 'failed' ? <Notice kind="error">{describeError(list.error)}</Notice> : null}
      <div class="table-wrap">
        <table aria-busy={list.state === 'loading'}>
          <caption class="visually-hidden">Shipping methods, by id</caption>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Name</th>
              <th scope="col">Countries</th>
              <th scope="col" class="num">
                Price
              </th>
              <th scope="col" class="num">
                Free from
              </th>
              <th scope="col">Tax class</th>
              <th scope="col">Active</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.state === 'ready'
              ? list.value.items.map((m) => (
                  <tr key={m.id}>
                    <td>{m.id}</td>
                    <td>{m.name}</td>
                    <td>{m.countries.join(', ')}</td>
                    <td class="num">{money(m.price)}</td>
                    <td class="num">{m.freeAbove === undefined ? '—' : money(m.freeAbove)}</td>
                    <td>{m.taxClass}</td>
                    <td>{m.active ? 'yes' : 'no'}</td>
                    <td class="row-actions">
                      <button
                        type="button"
                        onClick={() => {
                          action.clear();
                          setForm(formOfShippingMethod(m));
                          setEditing(true);
                          document.getElementById(ids.name)?.focus();
                        }}
                      >
                        Edit<span class="visually-hidden"> {m.name}</span>
                      </button>
                      <button type="button" class="danger" onClick={() => setDeleting(m)}>
                        Delete<span class="visually-hidden"> {m.name}</span>…
                      </button>
                    </td>
                  </tr>
                ))
              : null}
          </tbody>
        </table>
      </div>
      {list.state === 'ready' && list.value.items.length === 0 ? <p>No shipping methods yet.</p> : null}

      <h3 id={ids.formTitle}>{editing ? `Edit shipping method ${form.id}` : 'New shipping method'}</h3>
      <ActionForm action={action} fields={FIELDS} labelledBy={ids.formTitle} submit={save}>
        <div class="row">
          <InputField
            id={ids.id}
            label="Id"
            hint="Letters, digits, _ and -: express"
            errors={action.errorsAt('path.id')}
            value={form.id}
            readOnly={editing}
            onInput={set('id')}
          />
          <InputField
            id={ids.name}
            label="Name"
            errors={action.errorsAt('name')}
            value={form.name}
            onInput={set('name')}
          />
        </div>
        <InputField
          id={ids.countries}
          label="Countries"
          hint="ISO codes, separated by commas: DE, AT"
          errors={action.errorsAt('countries')}
          value={form.countries}
          onInput={set('countries')}
        />
        <div class="row">
          <InputField
            id={ids.price}
            label="Price"
            hint="In the currency's units: 4.90"
            errors={action.errorsAt('price.amount')}
            inputMode="decimal"
            value={form.price}
            onInput={set('price')}
          />
          <InputField
            id={ids.currency}
            label="Currency"
            errors={action.errorsAt('price.currency', 'freeAbove.currency')}
            value={form.currency}
            maxLength={3}
            size={4}
            onInput={set('currency')}
          />
          <InputField
            id={ids.freeAbove}
            label="Free from (optional)"
            hint="Free once the lines come to this much"
            errors={action.errorsAt('freeAbove.amount')}
            inputMode="decimal"
            value={form.freeAbove}
            onInput={set('freeAbove')}
          />
        </div>
        <div class="row">
          <Field id={ids.taxClass} label="Tax class" errors={action.errorsAt('taxClass')}>
            <select id={ids.taxClass} value={form.taxClass} onChange={set('taxClass')}>
              {TAX_CLASSES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </Field>
          <div class="field">
            <label class="checkbox" for={ids.active}>
              <input
                id={ids.active}
                type="checkbox"
                checked={form.active}
                onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })}
              />
              Active (offered at checkout)
            </label>
          </div>
        </div>
        <div class="actions">
          <button type="submit" class="primary" disabled={action.busy}>
            Save shipping method
          </button>
          {editing ? (
            <button
              type="button"
              onClick={() => {
                action.clear();
                setForm(EMPTY_SHIPPING_FORM);
                setEditing(false);
              }}
            >
              New method instead
            </button>
          ) : null}
        </div>
      </ActionForm>
      <Confirm
        open={deleting !== undefined}
        title="Delete this shipping method?"
        message={`“${deleting?.name ?? ''}” is no longer offered; orders already placed keep it.`}
        confirmLabel="Delete method"
        onConfirm={() => deleting !== undefined && remove(deleting)}
        onCancel={() => setDeleting(undefined)}
      />
    </section>
  );
}
