import type { FieldError } from '@slimshop/client';
import type { DiscountCode, DiscountCodeInput } from '../api';
import { isoOfLocalInput, localInputOf } from '../ui/date-input';
import { majorUnits, minorUnits } from '../ui/format';
import { InvalidFields } from '../ui/use-action';

// The discount code form's text fields and the API's DiscountCode both ways: what the form shows for a code,
// and the PUT body of what was typed (or the fields that are wrong, before anything is sent).

export interface DiscountForm {
  code: string;
  type: DiscountCode['type'];
  /** Whole percent, or an amount in major units. */
  value: string;
  currency: string;
  minSubtotal: string;
  maxRedemptions: string;
  startsAt: string;
  endsAt: string;
  active: boolean;
}

export const EMPTY_DISCOUNT_FORM: DiscountForm = {
  code: '',
  type: 'percent',
  value: '',
  currency: 'EUR',
  minSubtotal: '',
  maxRedemptions: '',
  startsAt: '',
  endsAt: '',
  active: true,
};

export const formOfDiscountCode = (d: DiscountCode): DiscountForm => {
  const currency = typeof d.value === 'number' ? (d.minSubtotal?.currency ?? 'EUR') : d.value.currency;
  return {
    code: d.code,
    type: d.type,
    value: typeof d.value === 'number' ? String(d.value) : majorUnits(d.value.amount, d.value.currency),
    currency,
    minSubtotal: d.minSubtotal === undefined ? '' : majorUnits(d.minSubtotal.amount, d.minSubtotal.currency),
    maxRedemptions: d.maxRedemptions === undefined ? '' : String(d.maxRedemptions),
    startsAt: localInputOf(d.startsAt),
    endsAt: localInputOf(d.endsAt),
    active: d.active,
  };
};

/** The PUT body of the form (amounts in minor units, times in UTC), or InvalidFields naming each field. */
export function discountCodeBody(form: DiscountForm): DiscountCodeInput {
  const currency = form.currency.trim().toUpperCase();
  const problems: FieldError[] = [];
  /** A number read from the form, or undefined with its message noted (the readers return messages as text). */
  const check = (path: string, outcome: number | string): number | undefined => {
    if (typeof outcome === 'number') return outcome;
    problems.push({ path, message: outcome });
    return undefined;
  };
  const checkDate = (path: string, value: string): string | undefined => {
    const outcome = isoOfLocalInput(value);
    if (typeof outcome !== 'object') return outcome;
    problems.push({ path, message: outcome.message });
    return undefined;
  };
  if (form.code.trim() === '')
    problems.push({ path: 'path.code', message: 'enter a code, such as WELCOME10' });
  const percent = /^\d+$/.test(form.value.trim()) ? Number(form.value.trim()) : 'a whole percent, 1 to 100';
  const value =
    form.type === 'percent' ? check('value', percent) : check('value', minorUnits(form.value, currency));
  const minSubtotal =
    form.minSubtotal.trim() === '' ? undefined : check('minSubtotal', minorUnits(form.minSubtotal, currency));
  const maxText = form.maxRedemptions.trim();
  const maxRedemptions =
    maxText === ''
      ? undefined
      : check('maxRedemptions', /^\d+$/.test(maxText) ? Number(maxText) : 'a whole number');
  const startsAt = checkDate('startsAt', form.startsAt);
  const endsAt = checkDate('endsAt', form.endsAt);
  if (problems.length > 0 || value === undefined) throw new InvalidFields(problems);
  const common = {
    active: form.active,
    ...(minSubtotal === undefined ? {} : { minSubtotal: { amount: minSubtotal, currency } }),
    ...(maxRedemptions === undefined ? {} : { maxRedemptions }),
    ...(startsAt === undefined ? {} : { startsAt }),
    ...(endsAt === undefined ? {} : { endsAt }),
  };
  return form.type === 'percent'
    ? { type: 'percent', value, ...common }
    : { type: 'fixed', value: { amount: value, currency }, ...common };
}
