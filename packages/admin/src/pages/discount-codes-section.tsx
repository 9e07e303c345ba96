import { useId, useState } from 'preact/hooks';
import { api, type DiscountCode, dataOf } from '../api';
import { ActionForm } from '../ui/action-form';
import { Field, InputField } from '../ui/field';
import { dateTime, describeError, money } from '../ui/format';
import { Notice } from '../ui/notice';
import { Pager, pageQuery, usePagedList } from '../ui/pager';
import { useAction } from '../ui/use-action';
import {
  type DiscountForm,
  discountCodeBody,
  EMPTY_DISCOUNT_FORM,
  formOfDiscountCode,
} from './discount-code-form';

const PAGE_SIZE = 20;

const FIELDS = [
  'path.code',
  'type',
  'value',
  'minSubtotal',
  'maxRedemptions',
  'startsAt',
  'endsAt',
  'active',
];

const offOf = (d: DiscountCode) => (typeof d.value === 'number' ? `${d.value} %` : money(d.value));
const windowOf = (d: DiscountCode) =>
  d.startsAt === undefined && d.endsAt === undefined
    ? 'always'
    : `${d.startsAt === undefined ? '…' : dateTime(d.startsAt)} – ${d.endsAt === undefined ? '…' : dateTime(d.endsAt)}`;

/** The discount codes, a page at a time by code, with a form to create or replace one. */
export function DiscountCodesSection() {
  const ids = {
    title: useId(),
    formTitle: useId(),
    code: useId(),
    type: useId(),
    value: useId(),
    currency: useId(),
    minSubtotal: useId(),
    maxRedemptions: useId(),
    startsAt: useId(),
    endsAt: useId(),
    active: useId(),
  };
  const { trail, page, reload } = usePagedList(async (cursor) =>
    dataOf(await api().raw.GET('/discount-codes', { params: { query: pageQuery(PAGE_SIZE, cursor) } })),
  );
  const { pageIndex } = trail;
  const [form, setForm] = useState<DiscountForm>(EMPTY_DISCOUNT_FORM);
  const action = useAction();
  const set = (field: keyof DiscountForm) => (event: { currentTarget: { value: string } }) =>
    setForm({ ...form, [field]: event.currentTarget.value });

  const edit = (code: string) =>
    action.run(async () => {
      // The list may be minutes old: the form starts from the code as it is now (its redemptions too).
      const current = dataOf(await api().raw.GET('/discount-codes/{code}', { params: { path: { code } } }));
      setForm(formOfDiscountCode(current));
      document.getElementById(ids.value)?.focus();
      return `Editing ${current.code}: redeemed ${current.redemptions} times so far.`;
    });
  const save = async () => {
    const body = discountCodeBody(form);
    const outcome = await api().raw.PUT('/discount-codes/{code}', {
      params: { path: { code: form.code.trim() } },
      body,
    });
    const saved = dataOf(outcome);
    setForm(formOfDiscountCode(saved));
    reload();
    return `${outcome.response.status === 201 ? 'Created' : 'Saved'} discount code ${saved.code}.`;
  };
  const amountLabel = form.type === 'percent' ? 'Percent off' : 'Amount off';

  return (
    <section aria-labelledby={ids.title}>
      <h2 id={ids.title}>Discount codes</h2>
      {page.state === 'failed' ? <Notice kind="error">{describeError(page.error)}</Notice> : null}
      <div class="table-wrap">
        <table aria-busy={page.state === 'loading'}>
          <caption class="visually-hidden">Discount codes, by code, page {pageIndex + 1}</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col" class="num">
                Off
              </th>
              <th scope="col" class="num">
                Minimum
              </th>
              <th scope="col" class="num">
                Redeemed
              </th>
              <th scope="col">Valid</th>
              <th scope="col">Active</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.state === 'ready'
              ? page.value.items.map((d) => (
                  <tr key={d.code}>
                    <td>{d.code}</td>
                    <td class="num">{offOf(d)}</td>
                    <td class="num">{d.minSubtotal === undefined ? '—' : money(d.minSubtotal)}</td>
                    <td class="num">
                      {d.redemptions}
                      {d.maxRedemptions === undefined ? '' : ` of ${d.maxRedemptions}`}
                    </td>
                    <td>{windowOf(d)}</td>
                    <td>{d.active ? 'yes' : 'no'}</td>
                    <td>
                      <button type="button" onClick={() => void edit(d.code)}>
                        Edit<span class="visually-hidden"> {d.code}</span>
                      </button>
                    </td>
                  </tr>
                ))
              : null}
          </tbody>
        </table>
      </div>
      {page.state === 'ready' && page.value.items.length === 0 ? <p>No discount codes yet.</p> : null}
      <Pager trail={trail} nextCursor={page.state === 'ready' ? page.value.nextCursor : null} />

      <h3 id={ids.formTitle}>Create or replace a code</h3>
      <ActionForm action={action} fields={FIELDS} labelledBy={ids.formTitle} submit={save}>
        <div class="row">
          <InputField
            id={ids.code}
            label="Code"
            hint="Letters, digits, _ and -; case does not matter"
            errors={action.errorsAt('path.code')}
            value={form.code}
            maxLength={64}
            onInput={set('code')}
          />
          <Field id={ids.type} label="Kind" errors={action.errorsAt('type')}>
            <select id={ids.type} value={form.type} onChange={set('type')}>
              <option value="percent">Percent off</option>
              <option value="fixed">Amount off</option>
            </select>
          </Field>
        </div>
        <div class="row">
          <InputField
            id={ids.value}
            label={amountLabel}
            hint={form.type === 'percent' ? 'Whole percent, 1 to 100' : "In the currency's units: 5.00"}
            errors={action.errorsAt('value')}
            inputMode="decimal"
            value={form.value}
            onInput={set('value')}
          />
          <InputField
            id={ids.currency}
            label="Currency"
            hint="Of the amounts"
            errors={action.errorsAt('value.currency', 'minSubtotal.currency')}
            value={form.currency}
            maxLength={3}
            size={4}
            onInput={set('currency')}
          />
          <InputField
            id={ids.minSubtotal}
            label="Minimum order (optional)"
            errors={action.errorsAt('minSubtotal')}
            inputMode="decimal"
            value={form.minSubtotal}
            onInput={set('minSubtotal')}
          />
        </div>
        <div class="row">
          <InputField
            id={ids.maxRedemptions}
            label="Most uses (optional)"
            errors={action.errorsAt('maxRedemptions')}
            inputMode="numeric"
            value={form.maxRedemptions}
            onInput={set('maxRedemptions')}
          />
          <InputField
            id={ids.startsAt}
            label="Valid from (optional)"
            errors={action.errorsAt('startsAt')}
            type="datetime-local"
            value={form.startsAt}
            onInput={set('startsAt')}
          />
          <InputField
            id={ids.endsAt}
            label="Valid until (optional)"
            errors={action.errorsAt('endsAt')}
            type="datetime-local"
            value={form.endsAt}
            onInput={set('endsAt')}
          />
        </div>
        <div class="field">
          <label class="checkbox" for={ids.active}>
            <input
              id={ids.active}
              type="checkbox"
              checked={form.active}
              onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })}
            />
            Active (accepted at checkout)
          </label>
        </div>
        <div class="actions">
          <button type="submit" class="primary" disabled={action.busy}>
            Save discount code
          </button>
        </div>
      </ActionForm>
    </section>
  );
}
