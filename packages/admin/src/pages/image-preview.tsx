import { type ProductImage, pictureSources } from './image-variants';

/** A ready image's variants as a <picture>: the browser picks the format and width (srcset/sizes). */
export function ImagePreview({ image, alt }: { image: ProductImage; alt: string }) {
  if (image.status !== 'ready' || image.variants.length === 0)
    return <div class="image-placeholder" aria-hidden="true" />;
  const { sources, fallback } = pictureSources(image.variants);
  const sizes = '(max-width: 800px) 45vw, 240px';
  return (
    <picture>
      {sources.map((source) => (
        <source key={source.type} type={source.type} srcset={source.srcset} sizes={sizes} />
      ))}
      <img
        src={fallback.src}
        srcset={fallback.srcset}
        sizes={sizes}
        alt={alt}
        width={image.width}
        height={image.height}
        loading="lazy"
      />
    </picture>
  );
}
