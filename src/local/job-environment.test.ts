import { describe, expect, it } from 'vitest';
import { localJobEnvironment } from './job-environment.js';

describe('npm run job on a laptop', () => {
  it("aims at npm start's stand-ins on their default ports", () => {
    expect(localJobEnvironment({})).toMatchObject({
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      S3_ENDPOINT: 'http://127.0.0.1:4568',
      IMAGE_BUCKET: 'slimshop-images',
      DATABASE_URL: expect.stringMatching(/^postgres:\/\/.*@127\.0\.0\.1:5432\/slimshop$/),
    });
  });

  it('follows the ports npm start was given', () => {
    const env = localJobEnvironment({ DYNAMODB_PORT: '8100', S3_PORT: '4600', POSTGRES_PORT: '5500' });
    expect(env.DYNAMODB_ENDPOINT).toBe('http://127.0.0.1:8100');
    expect(env.S3_ENDPOINT).toBe('http://127.0.0.1:4600');
    expect(env.DATABASE_URL).toContain('@127.0.0.1:5500/');
  });

  it('lets the environment win, so the same command runs against AWS or other servers', () => {
    const env = localJobEnvironment({
      DYNAMODB_ENDPOINT: 'https://dynamodb.eu-west-1.amazonaws.com',
      DATABASE_HOST: 'db.example',
      DATABASE_NAME: 'shop',
      DATABASE_USER: 'app',
      IMAGE_BUCKET: 'prod-images',
      S3_ENDPOINT: '',
    });
    expect(env.DYNAMODB_ENDPOINT).toBe('https://dynamodb.eu-west-1.amazonaws.com');
    expect(env.IMAGE_BUCKET).toBe('prod-images');
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.S3_ENDPOINT).toBe('http://127.0.0.1:4568');
  });
});
