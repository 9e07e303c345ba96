import { ENV } from '../../../src/config/env-names.js';
import type { StageConfig } from '../config/stage-config.js';
import { certificateEnvironment, type DatabaseEndpoint, databaseEnvironment } from './database-access.js';

/** How the app verifies JWTs: the Cognito user pool's issuer and app client. */
export interface ApiAuth {
  /** Issuer URL of the user pool (`iss` claim); its JWKS sits at `<issuer>/.well-known/jwks.json`. */
  readonly issuer: string;
  /** The app client id: `aud` of ID tokens, `client_id` of access tokens. */
  readonly audience: string;
  /** Further app clients whose tokens the API accepts too (the admin console's). */
  readonly otherAudiences?: readonly string[];
}

export interface ApiEnvironmentProps {
  readonly tableName: string;
  readonly auth: ApiAuth;
  readonly config: StageConfig;
  readonly database: DatabaseEndpoint;
  /** Connections per process: 1 on Lambda, a pool in a container. */
  readonly databasePoolMax: number;
  /** Where this runtime keeps a CA bundle with the RDS CAs, trusted when the database asks for them. */
  readonly caBundlePath: string;
}

/**
 * The environment every runtime of the API reads (src/config/config.ts), built in one place so Lambda and
 * the containers cannot drift apart. AWS_REGION is not here: Lambda sets it itself and rejects it as
 * reserved; the container variants add it.
 */
export function apiEnvironment({
  tableName,
  auth,
  config,
  database,
  databasePoolMax,
  caBundlePath,
}: ApiEnvironmentProps): Record<string, string> {
  return {
    ...databaseEnvironment(database, databasePoolMax),
    ...certificateEnvironment(database, caBundlePath),
    [ENV.tableName]: tableName,
    [ENV.jwtIssuer]: auth.issuer,
    [ENV.jwksUrl]: `${auth.issuer}/.well-known/jwks.json`,
    [ENV.jwtAudience]: [auth.audience, ...(auth.otherAudiences ?? [])].join(','),
    [ENV.corsOrigins]: config.corsOrigins.join(','),
    [ENV.logLevel]: config.logLevel,
    [ENV.stage]: config.stage,
  };
}
