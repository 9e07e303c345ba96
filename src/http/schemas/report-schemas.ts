import { idSchema } from '../../domain/shared/ids.js';
import * as z from '../../domain/shared/zod.js';

const DATE_OR_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A calendar date (midnight UTC) or a date-time with its zone; 2026-02-30 is not a date. */
function isInstant(text: string): boolean {
  if (!DATE_OR_DATE_TIME.test(text)) return false;
  const parsed = new Date(text);
  return !Number.isNaN(parsed.getTime()) && (text.length > 10 || parsed.toISOString().startsWith(text));
}

const instant = (description: string) =>
  z
    .string()
    .check(
      z.refine(isInstant, 'must be a date such as 2026-03-01 or a date-time such as 2026-03-01T00:00:00Z'),
    )
    // The pattern is the document's view of isInstant (which also refuses impossible dates: a 400).
    .register(z.globalRegistry, { description, pattern: DATE_OR_DATE_TIME.source, example: '2026-03-01' });

export const salesReportQuerySchema = z.object({
  from: instant('Start, inclusive. A date means midnight UTC.'),
  to: instant('End, exclusive; at most 366 days after `from`.'),
  groupBy: z._default(z.enum(['day', 'product']), 'day'),
});

const figures = {
  currency: z.string(),
  orders: z
    .number()
    .check(z.int())
    .register(z.globalRegistry, { description: 'Orders with at least one line in the group.' }),
  units: z.number().check(z.int()),
  revenue: z.number().check(z.int()).register(z.globalRegistry, {
    description:
      'The lines at the unit prices paid, in integer minor units of `currency` (as all amounts here).',
  }),
  subtotal: z.number().check(z.int()).register(z.globalRegistry, { description: 'The same as revenue.' }),
  discount: z
    .number()
    .check(z.int())
    .register(z.globalRegistry, { description: "The lines' shares of discounts." }),
  shipping: z.number().check(z.int()).register(z.globalRegistry, {
    description: 'Shipping charged; 0 per product (shipping belongs to the order).',
  }),
  tax: z.number().check(z.int()).register(z.globalRegistry, {
    description: 'Tax of the lines (per day also of shipping): part of the amounts when prices include tax.',
  }),
};

export const salesReportSchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    groupBy: z.enum(['day', 'product']),
    rows: z.array(
      z.union([
        z.object({
          day: z.string().register(z.globalRegistry, { description: 'YYYY-MM-DD (UTC).' }),
          ...figures,
        }),
        z.object({ productId: idSchema, ...figures }),
      ]),
    ),
  })
  .register(z.globalRegistry, { id: 'SalesReport', description: 'Cancelled orders are not counted.' });
