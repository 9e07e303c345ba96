import { describe, expect, it } from 'vitest';
import { imageOriginsOf } from './admin-origins.js';

describe('the admin console image origins', () => {
  it('on AWS: shows images from the CDN, uploads to the bucket where the SDK presigns (virtual-hosted)', () => {
    expect(
      imageOriginsOf(
        { bucket: 'shop-images', publicBaseUrl: 'https://d111.cloudfront.net/img' },
        'eu-west-1',
      ),
    ).toEqual({
      adminImageOrigins: ['https://d111.cloudfront.net'],
      adminUploadOrigins: ['https://shop-images.s3.eu-west-1.amazonaws.com'],
    });
  });

  it('locally: both are the local S3 endpoint', () => {
    const endpoint = 'http://127.0.0.1:4568';
    expect(imageOriginsOf({ bucket: 'b', endpoint, publicBaseUrl: `${endpoint}/b` }, 'us-east-1')).toEqual({
      adminImageOrigins: [endpoint],
      adminUploadOrigins: [endpoint],
    });
  });
});
