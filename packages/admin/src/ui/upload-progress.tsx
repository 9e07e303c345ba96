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
