import { useId, useState } from 'preact/hooks';
import { api, dataOf, type TaxRates } from '../api';
import { ActionForm } from '../ui/action-form';
import { InputField } from '../ui/field';
import { dateTime, describeError } from '../ui/format';
import { Notice } from '../ui/notice';
import { percentOf } from '../ui/number-input';
import { Pager, pageQuery, usePagedList } from '../ui/pager';
import { InvalidFields, useAction } from '../ui/use-action';

const PAGE_SIZE = 20;
const CLASSES = ['standard', 'reduced', 'zero'] as const;
type Form = { country: string } & Record<(typeof CLASSES)[number], string>;
const EMPTY: Form = { country: '', standard: '', reduced: '', zero: '0' };
const FIELDS = ['path.country', ...CLASSES];

/** VAT per country and tax class, a page at a time, with a form that sets a country's three rates. */
export function TaxRatesSection() {
  const ids = {
    title: useId(),
    formTitle: useId(),
    country: useId(),
    standard: useId(),
    reduced: useId(),
    zero: useId(),
  };
  const { trail, page, reload } = usePagedList(async (cursor) =>
    dataOf(await api().raw.GET('/tax-rates', { params: { query: pageQuery(PAGE_SIZE, cursor) } })),
  );
  const { pageIndex } = trail;
  const [form, setForm] = useState<Form>(EMPTY);
  const action = useAction();

  const save = async () => {
    const country = form.country.trim().toUpperCase();
    const rates = CLASSES.map((c) => [c, percentOf(form[c])] as const);
    const problems = [
      ...(country === '' ? [{ path: 'path.country', message: 'enter a country code, such as FR' }] : []),
      ...rates.flatMap(([c, rate]) => (typeof rate === 'string' ? [{ path: c, message: rate }] : [])),
    ];
    if (problems.length > 0) throw new InvalidFields(problems);
    const body = Object.fromEntries(rates) as Record<(typeof CLASSES)[number], number>;
    const saved = dataOf(
      await api().raw.PUT('/tax-rates/{country}', { params: { path: { country } }, body }),
    );
    setForm(formOf(saved));
    reload();
    return `Saved the tax rates of ${saved.country}.`;
  };

  return (
    <section aria-labelledby={ids.title}>
      <h2 id={ids.title}>Tax rates</h2>
      <p class="section-intro">
        VAT in percent for each tax class; checkout taxes at the rates of the shipping country.
      </p>
      {page.state === 'failed' ? <Notice kind="error">{describeError(page.error)}</Notice> : null}
      <div class="table-wrap">
        <table aria-busy={page.state === 'loading'}>
          <caption class="visually-hidden">Tax rates by country, page {pageIndex + 1}</caption>
          <thead>
            <tr>
              <th scope="col">Country</th>
              {CLASSES.map((c) => (
                <th key={c} scope="col" class="num">
                  {c} %
                </th>
              ))}
              <th scope="col">Updated</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.state === 'ready'
              ? page.value.items.map((r) => (
                  <tr key={r.country}>
                    <td>{r.country}</td>
                    {CLASSES.map((c) => (
                      <td key={c} class="num">
                        {r[c]}
                      </td>
                    ))}
                    <td>{dateTime(r.updatedAt)}</td>
                    <td>
                      <button
                        type="button"
                        onClick={() => {
                          action.clear();
                          setForm(formOf(r));
                          document.getElementById(ids.standard)?.focus();
                        }}
                      >
                        Edit<span class="visually-hidden"> {r.country}</span>
                      </button>
                    </td>
                  </tr>
                ))
              : null}
          </tbody>
        </table>
      </div>
      {page.state === 'ready' && page.value.items.length === 0 ? <p>No tax rates yet.</p> : null}
      <Pager trail={trail} nextCursor={page.state === 'ready' ? page.value.nextCursor : null} />

      <h3 id={ids.formTitle}>Set a country's rates</h3>
      <ActionForm action={action} fields={FIELDS} labelledBy={ids.formTitle} submit={save}>
        <div class="row">
          <InputField
            id={ids.country}
            label="Country"
            hint="ISO code: FR"
            errors={action.errorsAt('path.country')}
            value={form.country}
            maxLength={2}
            size={4}
            onInput={(e) => setForm({ ...form, country: e.currentTarget.value })}
          />
          {CLASSES.map((c) => (
            <InputField
              key={c}
              id={ids[c]}
              label={`${c[0]?.toUpperCase()}${c.slice(1)} rate (%)`}
              errors={action.errorsAt(c)}
              inputMode="decimal"
              size={6}
              value={form[c]}
              onInput={(e) => setForm({ ...form, [c]: e.currentTarget.value })}
            />
          ))}
        </div>
        <div class="actions">
          <button type="submit" class="primary" disabled={action.busy}>
            Save tax rates
          </button>
        </div>
      </ActionForm>
    </section>
  );
}

const formOf = (r: TaxRates): Form => ({
  country: r.country,
  standard: String(r.standard),
  reduced: String(r.reduced),
  zero: String(r.zero),
});
