/**
 * "1 row", "0 rows", "1,200 rows": a whole number with its noun, singular only for exactly one. Job
 * estimates and runner choices are read by people, in the API's answer and in the job's record.
 * `plural` is the noun's plural in s (rows, products, images, days, shards, bytes).
 */
export function countOf(count: number, plural: string): string {
  const whole = Math.round(count);
  return `${whole.toLocaleString('en')} ${whole === 1 ? plural.replace(/s$/, '') : plural}`;
}
