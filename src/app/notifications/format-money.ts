import type { Money } from '../../domain/catalog/money.js';

/**
 * ISO 4217 minor units other than 2 (amounts are counted in them, as payment providers count them). Intl
 * knows only display digits (CLDR), which differ for some currencies: it shows HUF, IDR or COP without
 * decimals although their minor unit is 1/100, so its digits cannot tell how to scale an amount. ISO
 * changes these lists once in years; every other currency has 2.
 */
const MINOR_UNIT_DIGITS: Record<string, number> = {
  ...Object.fromEntries(
    'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'.split(' ').map((c) => [c, 0]),
  ),
  ...Object.fromEntries('BHD IQD JOD KWD LYD OMR TND'.split(' ').map((c) => [c, 3])),
  CLF: 4,
  UYW: 4,
};

/** How many decimal digits one unit of `currency` has in minor units: 2 for EUR, 0 for JPY, 3 for KWD. */
export function minorUnitDigits(currency: string): number {
  return MINOR_UNIT_DIGITS[currency] ?? 2;
}

const formats = new Map<string, Intl.NumberFormat>();

function formatFor(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}:${currency}`;
  let format = formats.get(key);
  if (format === undefined) {
    const digits = minorUnitDigits(currency);
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formats.set(key, format);
  }
  return format;
}

/**
 * An amount in minor units as a reader expects it, formatted by Intl for the locale: 1450 EUR is "€14.50"
 * in English, 500 JPY "¥500", 1500 KWD "KWD 1.500". Exact for every amount a price may hold (up to 2^53):
 * the amount is scaled as a decimal string and Intl formats that string, never a binary fraction.
 */
export function formatMoney(money: Money, locale = 'en'): string {
  const digits = minorUnitDigits(money.currency);
  const sign = money.amount < 0 ? '-' : '';
  const units = String(Math.abs(money.amount)).padStart(digits + 1, '0');
  const decimal = digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`;
  return formatFor(money.currency, locale).format(`${sign}${decimal}` as `${number}`);
}
