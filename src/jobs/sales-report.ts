import { countOf } from '../app/jobs/counted.js';
import { createReportUseCases, type SalesReport } from '../app/ordering/report-use-cases.js';
import * as z from '../domain/shared/zod.js';
import { csvField } from './catalog-files/text-records.js';
import { estimateOf, MS_PER_UNIT } from './estimates.js';
import type { JobDefinition } from './job.js';

// The same instants GET /reports/sales accepts: a date (midnight UTC) or a date-time with its zone.
const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'must be a date such as 2026-03-01 or a date-time such as 2026-03-01T00:00:00Z',
});

const salesReportArgsSchema = z.strictObject({
  from: instant,
  to: instant,
  out: z.string().check(z.minLength(1)),
  groupBy: z._default(z.enum(['day', 'product']), 'day'),
});
export type SalesReportArgs = z.input<typeof salesReportArgsSchema>;

export interface SalesReportSummary {
  rows: number;
  out: string;
}

const DAY_MS = 86_400_000;

/**
 * The sales report of GET /reports/sales (the same use case and SQL) written to a file: JSON, or CSV when
 * --out ends in .csv. One aggregate query over an index range: it runs on Lambda for any allowed range.
 */
export const salesReportJob: JobDefinition<SalesReportArgs, SalesReportSummary> = {
  name: 'sales-report',
  description:
    'Sales per day or product from PostgreSQL: --from <date> --to <date> --out <path|s3://…> [--group-by day|product] (.csv or JSON)',
  args: salesReportArgsSchema as z.ZodMiniType<SalesReportArgs>,
  files: { out: 'write' },
  async estimate(args) {
    const days = Math.max(1, (Date.parse(args.to) - Date.parse(args.from)) / DAY_MS);
    const basis = `${countOf(Math.ceil(days), 'days')} in one aggregate query`;
    return estimateOf(days, 'days', MS_PER_UNIT.reportDay, basis);
  },
  async run(rawArgs, { services, onProgress }) {
    const args = salesReportArgsSchema.parse(rawArgs);
    if (services.orders === undefined) {
      throw new Error(
        'sales-report reads PostgreSQL: set DATABASE_URL (or DATABASE_HOST, DATABASE_NAME, DATABASE_USER).',
      );
    }
    const report = await createReportUseCases({ orders: services.orders }).salesReport({
      from: new Date(args.from),
      to: new Date(args.to),
      groupBy: args.groupBy,
    });
    const csv = /\.csv$/i.test(args.out);
    const writer = await services.files.createWriter(
      args.out,
      csv ? 'text/csv; charset=utf-8' : 'application/json',
    );
    try {
      await writer.write(csv ? reportCsv(report) : `${JSON.stringify(report, null, 2)}\n`);
    } catch (error) {
      await writer.abort();
      throw error;
    }
    await writer.close();
    onProgress({ done: report.rows.length, total: report.rows.length, unit: 'rows' });
    return { rows: report.rows.length, out: args.out };
  },
};

function reportCsv(report: SalesReport): string {
  const key = report.groupBy === 'day' ? 'day' : 'product_id';
  const lines = report.rows.map((row) =>
    [
      'day' in row ? row.day : row.productId,
      row.currency,
      String(row.orders),
      String(row.units),
      String(row.revenue),
      String(row.subtotal),
      String(row.discount),
      String(row.shipping),
      String(row.tax),
    ]
      .map(csvField)
      .join(','),
  );
  return `${[`${key},currency,orders,units,revenue,subtotal,discount,shipping,tax`, ...lines].join('\n')}\n`;
}
