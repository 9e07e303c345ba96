// Numbers typed into text inputs (inputmode numeric/decimal: no spinner, any keyboard), read strictly: a
// value, or the message shown under the field.

/**
 * A whole number between `min` and `max` ("+5" and "-2" too), or the message for its field.
 *
 * @example
 *   const units = wholeNumber(text, { min: 0, max: 1_000_000_000 });
 *   if (typeof units === 'string') showError(units);
 */
export function wholeNumber(text: string, { min, max }: { min: number; max: number }): number | string {
  const trimmed = text.trim();
  if (!/^[-+]?\d+$/.test(trimmed)) return 'enter a whole number';
  const value = Number(trimmed);
  if (value < min || value > max)
    return `enter a number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}`;
  return value;
}

/** "5.5" or "5.5 %" → 5.5; the API checks the range and the decimals and names the field. */
export function percentOf(text: string): number | string {
  const trimmed = text.trim().replace(/\s*%$/, '');
  return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : 'enter a percentage such as 19 or 5.5';
}
