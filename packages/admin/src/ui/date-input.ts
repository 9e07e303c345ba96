// <input type="datetime-local"> speaks the browser's local time without a zone; the API wants a date-time
// with one. These convert between the two, in the browser's zone.

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-03-01T12:00:00.000Z" → "2026-03-01T13:00" in Berlin; "" for no date. */
export function localInputOf(iso: string | undefined): string {
  if (iso === undefined) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The input's local time as an ISO date-time in UTC; undefined for an empty input, or a message. */
export function isoOfLocalInput(value: string): string | undefined | { message: string } {
  if (value.trim() === '') return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? { message: 'enter a date and time' } : d.toISOString();
}
