import { z } from 'zod';
import { ENV } from './env-names.js';

/** Raised at start-up, naming the variable, so a misconfigured deployment fails fast and says why. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

function read<T>(env: Env, name: string, schema: z.ZodType<T>, fallback?: string): T {
  const raw = env[name] === undefined || env[name] === '' ? fallback : env[name];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      name,
      raw === undefined ? 'is required' : `is invalid: ${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data;
}

export interface AuthConfig {
  /** Production: the JWKS of the issuer (Cognito: <issuer>/.well-known/jwks.json). */
  jwksUrl?: string;
  issuer?: string;
  /** Checked against `aud` (ID tokens) or `client_id` (Cognito access tokens) when set. */
  audience?: string;
}

/** Everything the API needs, on every runtime (Lambda, container, local). */
export interface ApiConfig {
  tableName: string;
  region: string;
  dynamodbEndpoint?: string;
  auth: AuthConfig;
  corsOrigins: string[];
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export function loadApiConfig(env: Env = process.env): ApiConfig {
  const optionalUrl = z.url().optional();
  const jwksUrl = read(env, ENV.jwksUrl, optionalUrl);
  const issuer = read(env, ENV.jwtIssuer, z.string().min(1).optional());
  const audience = read(env, ENV.jwtAudience, z.string().min(1).optional());
  return {
    tableName: read(env, ENV.tableName, z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/), 'slimshop'),
    region: read(env, ENV.region, z.string().min(1), 'us-east-1'),
    dynamodbEndpoint: read(env, ENV.dynamodbEndpoint, optionalUrl),
    auth: { jwksUrl, issuer, audience },
    corsOrigins: read(env, ENV.corsOrigins, z.string(), '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    logLevel: read(env, ENV.logLevel, z.enum(['debug', 'info', 'warn', 'error']), 'info'),
  };
}

/** The Node server (container or local). */
export interface ServerConfig extends ApiConfig {
  port: number;
  /** How long SIGTERM waits for in-flight requests before closing connections. */
  shutdownGraceMs: number;
}

export function loadServerConfig(env: Env = process.env): ServerConfig {
  return {
    ...loadApiConfig(env),
    port: read(env, ENV.port, port, '3000'),
    shutdownGraceMs: read(env, ENV.shutdownGraceMs, z.coerce.number().int().min(0), '25000'),
  };
}

/** `npm start`: the server plus the embedded stand-ins it starts. */
export interface LocalConfig extends ServerConfig {
  dataDir: string;
  dynamodbPort: number;
  seedDemo: boolean;
}

export function loadLocalConfig(env: Env = process.env): LocalConfig {
  return {
    ...loadServerConfig(env),
    dataDir: read(env, ENV.dataDir, z.string().min(1), './.data'),
    dynamodbPort: read(env, ENV.dynamodbPort, port, '8000'),
    seedDemo: read(env, ENV.seedDemo, bool, 'true'),
  };
}
