import type { AuthTokenRequest } from './pool.js';

/**
 * IAM database authentication (RDS Proxy, Aurora): a token signed with the runtime's AWS credentials is the
 * password, valid 15 minutes, needed only to log in. Signing is a local computation, no network call.
 * The signer is imported on the first login, not with this module: a process that never opens a
 * database connection (a catalog-only Lambda environment) never loads it.
 */
export function createIamAuthToken(region: string): (request: AuthTokenRequest) => Promise<string> {
  let loading: Promise<typeof import('@aws-sdk/rds-signer')> | undefined;
  return async ({ host, port, user }) => {
    loading ??= import('@aws-sdk/rds-signer');
    const { Signer } = await loading;
    return new Signer({ hostname: host, port, username: user, region }).getAuthToken();
  };
}
