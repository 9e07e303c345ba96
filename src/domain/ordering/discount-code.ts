import { type Money, moneySchema } from '../catalog/money.js';
import * as z from '../shared/zod.js';

/** Codes are case-insensitive: stored and compared in upper case. */
export const discountCodeSchema = z
  .string()
  .check(
    z.trim(),
    z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of A-Z, a-z, 0-9, "_" or "-"'),
    z.toUpperCase(),
  );

export const MAX_REDEMPTIONS = 1_000_000_000;

const percentOff = z.number().check(z.int(), z.minimum(1), z.maximum(100));

/** PUT /discount-codes/{code}. */
export const discountCodeInputSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('percent'),
      value: percentOff,
      minSubtotal: z.optional(moneySchema),
      maxRedemptions: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(MAX_REDEMPTIONS))),
      startsAt: z.optional(z.iso.datetime({ offset: true })),
      endsAt: z.optional(z.iso.datetime({ offset: true })),
      active: z.boolean(),
    }),
    z.strictObject({
      type: z.literal('fixed'),
      value: moneySchema,
      minSubtotal: z.optional(moneySchema),
      maxRedemptions: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(MAX_REDEMPTIONS))),
      startsAt: z.optional(z.iso.datetime({ offset: true })),
      endsAt: z.optional(z.iso.datetime({ offset: true })),
      active: z.boolean(),
    }),
  ])
  .check(
    z.refine(
      (code) =>
        code.startsAt === undefined ||
        code.endsAt === undefined ||
        Date.parse(code.startsAt) < Date.parse(code.endsAt),
      { message: 'must be after startsAt', path: ['endsAt'] },
    ),
  );
export type DiscountCodeInput = z.infer<typeof discountCodeInputSchema>;

export interface DiscountCode {
  /** Upper case. */
  code: string;
  type: 'percent' | 'fixed';
  /** Percent off (1-100) for `percent`, an amount for `fixed`. */
  value: number | Money;
  minSubtotal?: Money;
  maxRedemptions?: number;
  startsAt?: string;
  endsAt?: string;
  active: boolean;
  /** Orders that carry the code and were not cancelled before shipping. */
  redemptions: number;
  createdAt: string;
  updatedAt: string;
}
