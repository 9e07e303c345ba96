import { useEffect, useRef, useState } from 'preact/hooks';
import { percentSent, putWithProgress } from './upload';

/**
 * Sending a file to a presigned target (the URL and headers the API handed out), with its progress for
 * UploadProgress; leaving the page stops an upload under way.
 *
 * @example
 *   const transfer = useUpload();
 *   await transfer.send(upload, file); // then <UploadProgress id="x" percent={transfer.percent} />
 */
export function useUpload() {
  const [percent, setPercent] = useState<number | undefined>(undefined);
  const aborter = useRef(new AbortController());
  useEffect(() => () => aborter.current.abort(), []);
  return {
    percent,
    reset: () => setPercent(undefined),
    async send(target: { url: string; headers: Record<string, string> }, file: Blob): Promise<void> {
      setPercent(0);
      await putWithProgress(
        target.url,
        target.headers,
        file,
        (sent, total) => setPercent(percentSent(sent, total)),
        aborter.current.signal,
      );
    },
  };
}

/** How far an upload has got: a progress bar with its percent, read out as it changes. */
export function UploadProgress({ id, percent }: { id: string; percent: number | undefined }) {
  if (percent === undefined) return null;
  return (
    <div class="progress">
      <label for={id}>{percent < 100 ? 'Uploading' : 'Uploaded'}</label>
      <progress id={id} max={100} value={percent}>
        {percent} %
      </progress>
      <span aria-live="polite">{percent} %</span>
    </div>
  );
}
