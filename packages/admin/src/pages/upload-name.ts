// The API takes an upload's name as 1-128 characters of A-Z, a-z, 0-9, ".", "_" and "-", starting with a
// letter or digit; a file on someone's disk is called anything ("Katalog März (2).csv").

const MAX = 128;
const clean = (text: string) =>
  text
    // Accents off their letters (ä → a), then every run of anything else as one "-".
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-');

/**
 * The name an upload of `fileName` is stored under: as close to it as the API allows, its extension kept
 * (the import reads its format from it).
 *
 * @example uploadName('Katalog März (2).csv') // 'Katalog-Marz-2-.csv'
 */
export function uploadName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const extension = dot > 0 && /^\.[A-Za-z0-9]{1,10}$/.test(fileName.slice(dot)) ? fileName.slice(dot) : '';
  const base = clean(extension === '' ? fileName : fileName.slice(0, dot)).replace(/^[^A-Za-z0-9]+/, '');
  return `${(base === '' ? 'upload' : base).slice(0, MAX - extension.length)}${extension}`;
}
