import type { Product } from '@slimshop/client';
import { useRef, useState } from 'preact/hooks';
import { api, dataOf, succeeded } from '../api';
import { href } from '../router';
import { Confirm } from '../ui/dialog';
import { describedBy, Field } from '../ui/field';
import { FormStatus } from '../ui/form-status';
import { describeError } from '../ui/format';
import { Notice } from '../ui/notice';
import { UploadProgress, useUpload } from '../ui/upload-progress';
import { InvalidFields, useAction } from '../ui/use-action';
import { usePolling } from '../ui/use-polling';
import { ImagePreview } from './image-preview';
import { fileProblem, IMAGE_TYPES, type ImageType, isSettled, type ProductImage } from './image-variants';

const FILE_FIELDS = ['file', 'contentType', 'contentLength'];

/**
 * A product's images: upload (drop a file, or choose one) straight to the image storage through the
 * presigned URL the API hands out, with its progress; then each image's status until it is ready or failed,
 * read again with backoff while any is processing; its variants previewed; delete after confirmation.
 */
export function ProductImagesPage({ id }: { id: string }) {
  const [product, restart] = usePolling<Product>(
    async () => (await api().getProduct(id)).value,
    (p) => isSettled(p.images ?? []),
    [id],
  );
  const [dragging, setDragging] = useState(false);
  const [removing, setRemoving] = useState<ProductImage | undefined>(undefined);
  const upload = useAction();
  const removal = useAction();
  const input = useRef<HTMLInputElement>(null);
  const transfer = useUpload();

  const send = (file: File) =>
    upload.run(async () => {
      transfer.reset();
      const problem = fileProblem(file);
      if (problem !== undefined) throw new InvalidFields([{ path: 'file', message: problem }]);
      const { imageId, upload: target } = dataOf(
        await api().raw.POST('/products/{id}/images', {
          params: { path: { id } },
          body: { contentType: file.type as ImageType, contentLength: file.size },
        }),
      );
      // The image is recorded `processing` now: show it while the bytes go up.
      restart();
      try {
        await transfer.send(target, file);
      } catch (error) {
        // No bytes arrived: the record would stay `processing` for ever. Best effort; the error says why.
        await api()
          .raw.DELETE('/products/{id}/images/{imageId}', { params: { path: { id, imageId } } })
          .catch(() => undefined);
        transfer.reset();
        restart();
        throw error;
      }
      if (input.current !== null) input.current.value = '';
      restart();
      return `Uploaded ${file.name} (image ${imageId}); it is being processed.`;
    });

  const remove = (image: ProductImage) =>
    removal.run(async () => {
      setRemoving(undefined);
      succeeded(
        await api().raw.DELETE('/products/{id}/images/{imageId}', {
          params: { path: { id, imageId: image.id } },
        }),
      );
      restart();
      return 'Image deleted, with all its files.';
    });

  const name = product.state === 'ready' ? product.value.name : id;
  const images = product.state === 'ready' ? (product.value.images ?? []) : [];
  const fileErrors = upload.errorsAt(...FILE_FIELDS);
  return (
    <>
      <p class="crumbs">
        <a href={href.products()}>Products</a> / <a href={href.product(id)}>{name}</a> /
      </p>
      <h1>Images of {name}</h1>
      <p class="section-intro">
        The file goes from this browser straight to the image storage (a presigned URL from the API); the
        image is then processed into web sizes. JPEG, PNG or WebP, at most 20 MB and 50 megapixels.
      </p>
      <FormStatus action={upload} fields={FILE_FIELDS} />
      <form
        class={dragging ? 'dropzone dragging' : 'dropzone'}
        aria-label="Upload an image"
        onSubmit={(event) => event.preventDefault()}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          const file = event.dataTransfer?.files[0];
          if (file !== undefined && !upload.busy) void send(file);
        }}
      >
        <Field
          id="image-file"
          label="Image file"
          hint="Choose a file, or drop one anywhere in this box. It uploads at once."
          errors={fileErrors}
        >
          <input
            id="image-file"
            ref={input}
            type="file"
            accept={IMAGE_TYPES.join(',')}
            disabled={upload.busy}
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              if (file !== undefined) void send(file);
            }}
            {...describedBy('image-file', fileErrors, true)}
          />
        </Field>
        <UploadProgress id="upload-progress" percent={transfer.percent} />
      </form>

      <h2>Images</h2>
      {removal.failure === undefined ? null : <Notice kind="error">{removal.failure}</Notice>}
      {removal.done === undefined ? null : <Notice kind="success">{removal.done}</Notice>}
      {product.state === 'failed' ? (
        <Notice kind="error">
          {describeError(product.error)}{' '}
          <button type="button" onClick={restart}>
            Try again
          </button>
        </Notice>
      ) : null}
      {product.state === 'loading' ? <p aria-live="polite">Loading…</p> : null}
      {product.state === 'ready' && images.length === 0 ? <p>This product has no images yet.</p> : null}
      <ul class="images" aria-live="polite">
        {images.map((image, i) => (
          <li key={image.id} class="image-card">
            <ImagePreview image={image} alt={`${name}, image ${i + 1} of ${images.length}`} />
            <p>
              <span class={`badge image-${image.status}`}>{image.status}</span>{' '}
              {image.status === 'processing' ? 'Processing: this updates by itself.' : null}
              {image.status === 'failed' ? image.error : null}
              {image.status === 'ready' && image.width !== undefined
                ? `${image.width} × ${image.height} px, ${image.variants.length} variants`
                : null}
            </p>
            <button type="button" class="danger" disabled={removal.busy} onClick={() => setRemoving(image)}>
              Delete<span class="visually-hidden"> image {i + 1}</span>…
            </button>
          </li>
        ))}
      </ul>
      <Confirm
        open={removing !== undefined}
        title="Delete this image?"
        message="The image and every size made from it are deleted for good."
        confirmLabel="Delete image"
        onConfirm={() => removing !== undefined && void remove(removing)}
        onCancel={() => setRemoving(undefined)}
      />
    </>
  );
}
