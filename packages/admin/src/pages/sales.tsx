import { useEffect, useState } from 'preact/hooks';
import { api, dataOf } from '../api';
import { href } from '../router';
import { InputField } from '../ui/field';
import { FormStatus } from '../ui/form-status';
import { money } from '../ui/format';
import { InvalidFields, useAction } from '../ui/use-action';
import { RevenueChart } from './sales-chart';
import {
  type DayRow,
  datesBetween,
  nextDay,
  type ProductRow,
  seriesByCurrency,
  topProducts,
  utcDate,
} from './sales-figures';

interface Report {
  from: string;
  to: string;
  days: DayRow[];
  top: (ProductRow & { name: string | undefined })[];
}

const FIELDS = ['query.from', 'query.to'];

/** Reads both groupings of GET /reports/sales over the inclusive dates, and the top products' names. */
async function loadReport(from: string, to: string): Promise<Report> {
  if (from === '' || to === '' || to < from)
    throw new InvalidFields([
      ...(from === '' ? [{ path: 'query.from', message: 'enter a date' }] : []),
      ...(to === '' ? [{ path: 'query.to', message: 'enter a date' }] : []),
      ...(from !== '' && to !== '' && to < from
        ? [{ path: 'query.to', message: 'must not be before From' }]
        : []),
    ]);
  const query = { from, to: nextDay(to) };
  const [byDay, byProduct] = await Promise.all([
    api().raw.GET('/reports/sales', { params: { query: { ...query, groupBy: 'day' } } }),
    api().raw.GET('/reports/sales', { params: { query: { ...query, groupBy: 'product' } } }),
  ]);
  const days = dataOf(byDay).rows.flatMap((r): DayRow[] => ('day' in r ? [r] : []));
  const top = topProducts(dataOf(byProduct).rows.flatMap((r): ProductRow[] => ('productId' in r ? [r] : [])));
  // Names for the few top products; a deleted product keeps its id.
  const names = await Promise.allSettled(top.map((row) => api().getProduct(row.productId)));
  return {
    from,
    to,
    days,
    top: top.map((row, i) => {
      const named = names[i];
      return { ...row, name: named?.status === 'fulfilled' ? named.value.value.name : undefined };
    }),
  };
}

/** Revenue per day (a chart and the same numbers in a table) and the top products over a range of dates. */
export function SalesPage() {
  const [from, setFrom] = useState(() => utcDate(Date.now(), 29));
  const [to, setTo] = useState(() => utcDate(Date.now()));
  const [report, setReport] = useState<Report | undefined>(undefined);
  const action = useAction();
  const show = () =>
    action.run(async () => {
      setReport(await loadReport(from, to));
      return undefined;
    });
  useEffect(() => {
    void show();
  }, []);

  const series =
    report === undefined ? undefined : seriesByCurrency(report.days, datesBetween(report.from, report.to));
  return (
    <>
      <h1>Sales</h1>
      <form
        class="filters"
        aria-label="Report range"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void show();
        }}
      >
        <InputField
          id="sales-from"
          label="From"
          errors={action.errorsAt('query.from')}
          type="date"
          value={from}
          onInput={(e) => setFrom(e.currentTarget.value)}
        />
        <InputField
          id="sales-to"
          label="To (included)"
          errors={action.errorsAt('query.to')}
          type="date"
          value={to}
          onInput={(e) => setTo(e.currentTarget.value)}
        />
        <button type="submit" disabled={action.busy}>
          Show
        </button>
      </form>
      <p class="section-intro">
        Days are UTC days; cancelled orders are left out; each currency is reported on its own. At most 366
        days.
      </p>
      <FormStatus action={action} fields={FIELDS} />
      {action.busy ? <p aria-live="polite">Loading…</p> : null}
      {report === undefined || series === undefined ? null : (
        <>
          <h2>Revenue per day</h2>
          {series.size === 0 ? (
            <p>
              No sales from {report.from} to {report.to}.
            </p>
          ) : null}
          {[...series].map(([currency, days]) => (
            <section key={currency} aria-label={`Revenue in ${currency}`}>
              <RevenueChart currency={currency} days={days} />
              <div class="table-wrap">
                <table>
                  <caption>
                    Revenue per day in {currency}, {report.from} to {report.to}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Day (UTC)</th>
                      <CountHeaders />
                    </tr>
                  </thead>
                  <tbody>
                    {days.map((d) => (
                      <tr key={d.day}>
                        <th scope="row">{d.day}</th>
                        <td class="num">{d.orders}</td>
                        <td class="num">{d.units}</td>
                        <td class="num">{money({ amount: d.revenue, currency })}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ))}
          <h2>Top products</h2>
          {report.top.length === 0 ? (
            <p>No products sold in this range.</p>
          ) : (
            <div class="table-wrap">
              <table>
                <caption class="visually-hidden">Top products by revenue, per currency</caption>
                <thead>
                  <tr>
                    <th scope="col">Product</th>
                    <CountHeaders />
                  </tr>
                </thead>
                <tbody>
                  {report.top.map((row) => (
                    <tr key={`${row.currency}-${row.productId}`}>
                      <th scope="row">
                        <a href={href.product(row.productId)}>{row.name ?? row.productId}</a>
                      </th>
                      <td class="num">{row.orders}</td>
                      <td class="num">{row.units}</td>
                      <td class="num">{money({ amount: row.revenue, currency: row.currency })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}

/** The columns both tables share, after each table's own first column. */
function CountHeaders() {
  return (
    <>
      <th scope="col" class="num">
        Orders
      </th>
      <th scope="col" class="num">
        Units
      </th>
      <th scope="col" class="num">
        Revenue
      </th>
    </>
  );
}
