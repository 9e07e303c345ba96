/** Minor units as the shop's currency: 1450 EUR → "€14.50". */
export function money(value: { amount: number; currency: string }): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency: value.currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return new Intl.NumberFormat('en', { style: 'currency', currency: value.currency }).format(
    value.amount / 10 ** digits,
  );
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
