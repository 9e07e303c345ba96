/**
 * Names of the environment variables the runtime reads. The CDK app imports this file (and nothing else
 * from src/) so infrastructure and code cannot drift apart on a name.
 */
export const ENV = {
  port: 'PORT',
  dataDir: 'DATA_DIR',
  dynamodbPort: 'DYNAMODB_PORT',
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
  tableName: 'TABLE_NAME',
  region: 'AWS_REGION',
  jwksUrl: 'JWKS_URL',
  jwtIssuer: 'JWT_ISSUER',
  jwtAudience: 'JWT_AUDIENCE',
  corsOrigins: 'CORS_ORIGINS',
  logLevel: 'LOG_LEVEL',
  seedDemo: 'SEED_DEMO',
  shutdownGraceMs: 'SHUTDOWN_GRACE_MS',
} as const;
