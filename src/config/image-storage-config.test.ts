import { describe, expect, it } from 'vitest';
import { ConfigError, loadApiConfig, loadImageWorkerConfig, loadLocalConfig } from './config.js';

const API_ENV = { DATABASE_URL: 'postgres://shop:secret@db.example:6543/shop' };

describe('image storage configuration', () => {
  it('gives the API no image routes without IMAGE_BUCKET', () => {
    expect(loadApiConfig(API_ENV).images).toBeUndefined();
  });

  it('serves variants from the regional bucket URL, or from IMAGE_PUBLIC_BASE_URL (a CDN)', () => {
    expect(
      loadApiConfig({ ...API_ENV, IMAGE_BUCKET: 'shop-images', AWS_REGION: 'eu-west-1' }).images,
    ).toEqual({
      bucket: 'shop-images',
      publicBaseUrl: 'https://shop-images.s3.eu-west-1.amazonaws.com',
    });
    const cdn = loadApiConfig({
      ...API_ENV,
      IMAGE_BUCKET: 'shop-images',
      IMAGE_PUBLIC_BASE_URL: 'https://cdn.example/',
    });
    expect(cdn.images?.publicBaseUrl).toBe('https://cdn.example');
  });

  it('addresses a custom S3_ENDPOINT path-style', () => {
    const config = loadApiConfig({
      ...API_ENV,
      IMAGE_BUCKET: 'shop-images',
      S3_ENDPOINT: 'http://127.0.0.1:4568',
    });
    expect(config.images).toEqual({
      bucket: 'shop-images',
      endpoint: 'http://127.0.0.1:4568',
      publicBaseUrl: 'http://127.0.0.1:4568/shop-images',
    });
  });

  it('fails fast naming IMAGE_BUCKET: invalid anywhere, missing for the image Lambda', () => {
    expect(() => loadApiConfig({ ...API_ENV, IMAGE_BUCKET: 'Not_A_Bucket' })).toThrow(
      /IMAGE_BUCKET .*bucket name/,
    );
    expect(() => loadImageWorkerConfig({ TABLE_NAME: 'slimshop' })).toThrow(ConfigError);
    expect(() => loadImageWorkerConfig({ TABLE_NAME: 'slimshop' })).toThrow(/IMAGE_BUCKET is required/);
    expect(loadImageWorkerConfig({ IMAGE_BUCKET: 'shop-images' }).images.bucket).toBe('shop-images');
  });

  it('npm start always has images: a default bucket on its own S3 (S3_PORT 4568 by default)', () => {
    const local = loadLocalConfig({});
    expect(local.images?.bucket).toBe('slimshop-images');
    expect(local.s3Port).toBe(4568);
    expect(loadLocalConfig({ S3_PORT: '0' }).s3Port).toBe(0);
  });
});
