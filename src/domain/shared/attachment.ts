/**
 * `Content-Disposition: attachment` naming the file: an ASCII fallback, and the exact name in RFC 5987 form
 * for browsers that read it.
 *
 * @example attachment('report.jsonl') // 'attachment; filename="report.jsonl"; filename*=UTF-8\'\'report.jsonl'
 */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
