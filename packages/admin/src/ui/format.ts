/** Digits after the point of a currency's minor unit: 2 for EUR, 0 for JPY, 3 for KWD. */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    // Not an ISO 4217 code: the API names the field; amounts meanwhile read as cents.
    return 2;
  }
}

/** Minor units as the shop's currency: 1450 EUR → "€14.50". */
export function money(value: { amount: number; currency: string }): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency: value.currency }).format(
    value.amount / 10 ** currencyDigits(value.currency),
  );
}

/** Minor units as the text of a major-unit input: 1450 EUR → "14.50", 500 JPY → "500". */
export function majorUnits(amount: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (amount / 10 ** digits).toFixed(digits);
}

/**
 * What someone typed in major units, as minor units: "14.5" EUR → 1450, "1,234.50" → 123450. A message
 * (for the field) when it is not an amount of that currency: letters, a minus, more decimals than the
 * currency has.
 *
 * @example
 *   const price = minorUnits(form.price, 'EUR');
 *   if (typeof price === 'string') showError('price', price); else send({ amount: price, currency: 'EUR' });
 */
export function minorUnits(text: string, currency: string): number | string {
  const digits = currencyDigits(currency);
  const trimmed = text.trim().replace(/,(?=\d{3}(\D|$))/g, '');
  if (trimmed === '') return 'enter an amount';
  const match = /^(\d+)(?:\.(\d*))?$/.exec(trimmed);
  if (match === null) return 'enter an amount such as 14.50, without a sign or currency symbol';
  const fraction = match[2] ?? '';
  if (fraction.length > digits)
    return digits === 0
      ? `${currency} has no minor unit: enter a whole amount`
      : `at most ${digits} digits after the point`;
  const minor = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : 'that amount is too large';
}

export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** An error as one line for the page: the API's problem detail, or the message. */
export function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'status' in error && 'title' in error) {
    const e = error as { status: number; title: string; detail?: string; requestId?: string };
    const detail = e.detail ? `: ${e.detail}` : '';
    return `${e.status} ${e.title}${detail}${e.requestId ? ` (request ${e.requestId})` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}
