import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIamAuthToken } from './iam-token.js';

describe('createIamAuthToken', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('signs an rds-db:connect token for the host, port and user, without any network call', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    const token = await createIamAuthToken('eu-west-1')({
      host: 'proxy.example.eu-west-1.rds.amazonaws.com',
      port: 5432,
      user: 'slimshop',
    });

    // The token is a presigned URL without its scheme: host:port/?Action=connect&DBUser=...&X-Amz-...
    expect(token).toMatch(/^proxy\.example\.eu-west-1\.rds\.amazonaws\.com:5432\/\?/);
    const query = new URLSearchParams(token.slice(token.indexOf('?') + 1));
    expect(query.get('Action')).toBe('connect');
    expect(query.get('DBUser')).toBe('slimshop');
    expect(query.get('X-Amz-Credential')).toMatch(/^AKIDEXAMPLE\/\d{8}\/eu-west-1\/rds-db\/aws4_request$/);
    expect(query.get('X-Amz-Expires')).toBe('900');
  });
});
