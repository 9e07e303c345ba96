// Sending a file's bytes to a presigned URL with XMLHttpRequest: fetch reports no upload progress.

/** Whole percent sent, 0–100; 0 while the total is unknown. */
export function percentSent(loaded: number, total: number): number {
  if (!(total > 0)) return 0;
  return Math.min(100, Math.max(0, Math.floor((loaded / total) * 100)));
}

// Headers a page may not set (the browser sets them itself, e.g. from the body's length).
const FORBIDDEN = new Set(['content-length', 'host', 'connection']);

/** Why an upload failed: the storage's status, or that the browser got no answer at all. */
export class UploadFailed extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * PUTs `body` to `url` with `headers` (those the presigned URL was signed with), calling `onProgress` with
 * the bytes sent so far. Resolves when the storage answers 2xx; `signal` aborts (leaving the page).
 *
 * @example
 *   await putWithProgress(upload.url, upload.headers, file, (sent, total) => setPercent(percentSent(sent, total)));
 */
export function putWithProgress(
  url: string,
  headers: Record<string, string>,
  body: Blob,
  onProgress: (sent: number, total: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers))
      if (!FORBIDDEN.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) =>
      onProgress(event.loaded, event.lengthComputable ? event.total : body.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(body.size, body.size);
        resolve();
      } else reject(new UploadFailed(xhr.status, `The storage refused the upload (${xhr.status}).`));
    };
    xhr.onerror = () =>
      reject(
        new UploadFailed(
          0,
          'The browser could not reach the storage (the network failed, or the storage’s CORS rule or this page’s Content-Security-Policy refused the connection). Nothing was kept: try again.',
        ),
      );
    xhr.onabort = () => reject(new UploadFailed(0, 'The upload was stopped.'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(body);
  });
}
