import { createJwtVerifier, type JwtVerifierOptions } from '../adapters/auth/jwt-verifier.js';
import { createDynamoCatalogRepository } from '../adapters/dynamodb/catalog-repository.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { createDynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store.js';
import { createCatalogService } from '../app/catalog/catalog-service.js';
import type { CatalogRepository } from '../app/ports/catalog-repository.js';
import { type Clock, systemClock } from '../app/ports/clock.js';
import type { Logger } from '../app/ports/logger.js';
import type { TokenVerifier } from '../app/ports/token-verifier.js';
import { type ApiConfig, ConfigError } from '../config/config.js';
import { ENV } from '../config/env-names.js';
import type { AppDeps } from '../http/app.js';
import { createLogger } from '../observability/logger.js';

/** What the local runtime hands in instead of a JWKS: the key under DATA_DIR that `npm run token` signs with. */
export interface LocalTokenKey {
  publicKey: NonNullable<JwtVerifierOptions['localPublicKey']>;
  issuer: string;
}

export interface ServiceOverrides {
  logger?: Logger;
  clock?: Clock;
  localTokenKey?: LocalTokenKey;
}

/** The app's dependencies, plus the repository the local runtime asks whether to seed the demo catalog. */
export interface Services extends AppDeps {
  repository: CatalogRepository;
}

/**
 * Builds the API's services from configuration, the same way on every runtime: DynamoDB through one
 * DocumentClient (its sockets are reused across requests and, on Lambda, across invocations), tokens
 * verified against the issuer's JWKS, or locally against the key `npm run token` signs with.
 */
export function createServices(config: ApiConfig, overrides: ServiceOverrides = {}): Services {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const clock = overrides.clock ?? systemClock;
  const client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  const repository = createDynamoCatalogRepository({ client, tableName: config.tableName, clock });
  return {
    catalog: createCatalogService({ repository, clock }),
    idempotency: createDynamoIdempotencyStore({ client, tableName: config.tableName, clock }),
    tokens: createTokenVerifier(config, overrides.localTokenKey),
    logger,
    corsOrigins: config.corsOrigins,
    repository,
  };
}

function createTokenVerifier(config: ApiConfig, localKey?: LocalTokenKey): TokenVerifier {
  const { jwksUrl, issuer, audience } = config.auth;
  if (jwksUrl) return createJwtVerifier({ jwksUrl, issuer, audience });
  // Without a JWKS only the local runtime can verify anything; a deployment must not start open or broken.
  if (!localKey) throw new ConfigError(ENV.jwksUrl, 'is required (the issuer JWKS URL, e.g. Cognito)');
  return createJwtVerifier({
    localPublicKey: localKey.publicKey,
    issuer: issuer ?? localKey.issuer,
    audience,
  });
}
