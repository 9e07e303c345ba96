import { ValidationError } from '../../domain/shared/errors.js';
import type { OrderStore, SalesGrouping } from '../ports/order-store.js';

/** One report covers at most a year (and a leap day): the SQL stays an index range, not a table scan. */
export const MAX_REPORT_DAYS = 366;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface SalesReportRequest {
  from: Date;
  to: Date;
  groupBy: SalesGrouping;
}

interface SalesFigures {
  currency: string;
  orders: number;
  units: number;
  /** Integer minor units of `currency`, as are the amounts below (see SalesReportRow). */
  revenue: number;
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
}

export type SalesReportLine = SalesFigures & ({ day: string } | { productId: string });

export interface SalesReport {
  from: string;
  to: string;
  groupBy: SalesGrouping;
  rows: SalesReportLine[];
}

export interface ReportUseCases {
  /** Orders over [from, to), cancelled ones excluded, per day (UTC) or product, and per currency. */
  salesReport(request: SalesReportRequest): Promise<SalesReport>;
}

export function createReportUseCases({ orders }: { orders: OrderStore }): ReportUseCases {
  return {
    async salesReport({ from, to, groupBy }) {
      if (to.getTime() <= from.getTime()) {
        throw new ValidationError('The report range is empty.', [
          { path: 'to', message: 'must be after from' },
        ]);
      }
      if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * DAY_MS) {
        throw new ValidationError('The report range is too long.', [
          { path: 'to', message: `must be at most ${MAX_REPORT_DAYS} days after from` },
        ]);
      }
      const rows = await orders.salesReport({ from, to }, groupBy);
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        groupBy,
        rows: rows.map(
          ({ key, currency, orders: count, units, revenue, subtotal, discount, shipping, tax }) => ({
            ...(groupBy === 'day' ? { day: key } : { productId: key }),
            currency,
            orders: count,
            units,
            revenue,
            subtotal,
            discount,
            shipping,
            tax,
          }),
        ),
      };
    },
  };
}
