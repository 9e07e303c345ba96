import { countrySchema } from '../domain/ordering/address.js';
import * as z from '../domain/shared/zod.js';
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

/**
 * The default of each setting that has one, spelled as in the environment. docs/configuration.md is
 * generated from these (npm run docs:config), so the reference cannot drift from the code.
 */
export const DEFAULTS = {
  tableName: 'slimshop',
  region: 'us-east-1',
  authMaxTokenLifetimeSeconds: String(24 * 60 * 60),
  corsOrigins: '',
  pricesIncludeTax: 'true',
  shopCountry: 'DE',
  logLevel: 'info',
  databasePort: '5432',
  databaseIamAuth: 'false',
  databasePoolMax: '10',
  migrateOnStart: 'true',
  port: '3000',
  // Every interface: in a container the load balancer reaches the server from outside.
  host: '0.0.0.0',
  shutdownGraceMs: '25000',
  dataDir: './.data',
  jobsMaxProcesses: '2',
  allowTestPayments: 'false',
  paymentTimeoutMinutes: '30',
  productCacheSeconds: '5',
} as const satisfies Partial<Record<keyof typeof ENV, string>>;

/** Where `npm start` differs from the container, or has settings only it reads. */
export const LOCAL_DEFAULTS = {
  // Loopback: a laptop's API with demo data and a well-known signing key should not answer the network.
  host: '127.0.0.1',
  dynamodbPort: '8000',
  postgresPort: '5432',
  s3Port: '4568',
  seedDemo: 'true',
  imageBucket: 'slimshop-images',
  mailFrom: 'Slimshop <shop@example.com>',
  smtpPort: '1025',
  mailUiPort: '1080',
} as const satisfies Partial<Record<keyof typeof ENV, string>>;

const nonEmpty = z.string().check(z.minLength(1));
const graceMs = z.coerce.number().check(z.int(), z.minimum(0));
const port = z.coerce.number().check(z.int(), z.minimum(0), z.maximum(65535));
const bool = z.pipe(
  z.enum(['true', 'false', '1', '0']),
  z.transform((v) => v === 'true' || v === '1'),
);

function read<T>(env: Env, name: string, schema: z.ZodMiniType<T>, fallback?: string): T {
  const raw = env[name] === undefined || env[name] === '' ? fallback : env[name];
  const parsed = z.safeParse(schema, raw);
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
  /** App client ids, one of which `aud` (ID tokens) or `client_id` (Cognito access tokens) must be, when set. */
  audience?: readonly string[];
  /** Tokens living longer than this (`exp - iat`) are refused. */
  maxTokenLifetimeSeconds: number;
}

/** Where orders and stock live: one URL (local, any server) or the parts the CDK app sets. */
export type DatabaseEndpoint =
  | { connectionString: string }
  | { host: string; port: number; database: string; user: string };

export interface DatabaseConfig {
  endpoint: DatabaseEndpoint;
  /** Log in with a short-lived IAM token (RDS Proxy / Aurora) instead of a password; implies TLS. */
  iamAuth: boolean;
  /** Connections per process: 10 in a container, 1 per Lambda environment (behind RDS Proxy). */
  poolMax: number;
  /** Apply pending migrations before serving (container, local) or before first use (Lambda). */
  migrateOnStart: boolean;
}

/** The product image bucket, as the API (presigning, deleting) and the image Lambda see it. */
export interface ImageStorageConfig {
  bucket: string;
  /** Only for a local S3 stand-in. */
  endpoint?: string;
  /** Prefix of variant URLs; default: the bucket's URL (path-style on a custom endpoint). */
  publicBaseUrl: string;
}

/** Everything the API needs, on every runtime (Lambda, container, local). */
export interface ApiConfig {
  database: DatabaseConfig;
  tableName: string;
  region: string;
  dynamodbEndpoint?: string;
  auth: AuthConfig;
  corsOrigins: string[];
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Absent without IMAGE_BUCKET: the API then serves no image routes. */
  images?: ImageStorageConfig;
  /** Where POST /jobs starts jobs; absent (hand-built configs) = in local child processes. */
  jobs?: JobsConfig;
  /** How checkout taxes; absent (hand-built configs) = CHECKOUT_DEFAULTS. */
  checkout?: CheckoutConfig;
  /** Where order events are published; absent (hand-built configs) = the in-process bus. */
  events?: EventsConfig;
  /** The payment provider and timeout; absent (hand-built configs) = no payment routes. */
  payments?: PaymentsConfig;
}

export type PaymentProviderConfig =
  /** `webhookSecret` is required for the API, optional for jobs (they only create refunds). */
  | { name: 'stripe'; secretKey: string; webhookSecret?: string }
  /** On AWS: both keys in a Secrets Manager secret (STRIPE_SECRET_ARN), read on first use. */
  | { name: 'stripe'; secretArn: string }
  | { name: 'test' };

export interface PaymentsConfig {
  /** Absent: no provider (no STRIPE_SECRET_KEY, no PAYMENT_PROVIDER): the API has no payment routes. */
  provider?: PaymentProviderConfig;
  /** PAYMENT_TIMEOUT_MINUTES: a placed order unpaid for longer is cancelled by cancel-unpaid-orders. */
  timeoutMinutes: number;
}

/**
 * Where the test provider may run: `npm start` and job runs always; a deployed API (Lambda, container)
 * only with ALLOW_TEST_PAYMENTS=true, as its routes let anyone mark an order paid.
 */
type PaymentsReader = 'local' | 'deployed' | 'job';

function loadPayments(env: Env, where: PaymentsReader): PaymentsConfig {
  const timeoutMinutes = read(
    env,
    ENV.paymentTimeoutMinutes,
    z.coerce.number().check(z.int(), z.minimum(1), z.maximum(7 * 24 * 60)),
    DEFAULTS.paymentTimeoutMinutes,
  );
  const secretKey = read(
    env,
    ENV.stripeSecretKey,
    z.optional(z.string().check(z.regex(/^(sk|rk)_\S+$/, 'must be a Stripe secret key (sk_… or rk_…)'))),
  );
  const secretArn = read(
    env,
    ENV.stripeSecretArn,
    z.optional(
      z
        .string()
        .check(
          z.regex(
            /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:\S+$/,
            'must be a Secrets Manager secret ARN',
          ),
        ),
    ),
  );
  const name = read(
    env,
    ENV.paymentProvider,
    z.optional(z.enum(['stripe', 'test'])),
    secretKey !== undefined || secretArn !== undefined ? 'stripe' : where === 'deployed' ? undefined : 'test',
  );
  if (name === undefined) return { timeoutMinutes };
  if (name === 'test') {
    if (where === 'deployed' && !read(env, ENV.allowTestPayments, bool, DEFAULTS.allowTestPayments)) {
      throw new ConfigError(
        ENV.paymentProvider,
        `is test, whose routes let anyone mark an order paid: set ${ENV.allowTestPayments}=true to allow that here`,
      );
    }
    return { provider: { name: 'test' }, timeoutMinutes };
  }
  // The CDK app sets only the ARN, a laptop the two keys; with both, the keys given directly win.
  if (secretKey === undefined && secretArn !== undefined)
    return { provider: { name: 'stripe', secretArn }, timeoutMinutes };
  if (secretKey === undefined) {
    throw new ConfigError(
      ENV.stripeSecretKey,
      `is required with ${ENV.paymentProvider}=stripe (or ${ENV.stripeSecretArn})`,
    );
  }
  const whsec = z.string().check(z.regex(/^whsec_\S+$/, 'must be a Stripe webhook signing secret (whsec_…)'));
  const webhookSecret = read(env, ENV.stripeWebhookSecret, where === 'job' ? z.optional(whsec) : whsec);
  return {
    provider: { name: 'stripe', secretKey, ...(webhookSecret === undefined ? {} : { webhookSecret }) },
    timeoutMinutes,
  };
}

export interface EventsConfig {
  /** EVENT_BUS_NAME: the EventBridge custom bus; absent = the in-process bus. */
  busName?: string;
}

export interface CheckoutConfig {
  /** Catalog prices include tax (tax is the part of them) or exclude it (tax comes on top). */
  pricesIncludeTax: boolean;
  /** The tax country of an order that has no address at all. */
  shopCountry: string;
  /** How old a product's price and status may be when a cart, quote or order is priced; 0: always read. */
  productCacheSeconds: number;
}

export const CHECKOUT_DEFAULTS: CheckoutConfig = {
  pricesIncludeTax: DEFAULTS.pricesIncludeTax === 'true',
  shopCountry: DEFAULTS.shopCountry,
  productCacheSeconds: Number(DEFAULTS.productCacheSeconds),
};

/** AWS: short jobs on the jobs Lambda, long ones on AWS Batch. Local: child processes for both. */
export type JobsLaunchConfig =
  | { mode: 'local' }
  | { mode: 'aws'; functionName: string; queueArn: string; definitionArns: Record<string, string> };

export interface JobsConfig {
  launch: JobsLaunchConfig;
  /** JOBS_BUCKET: where job inputs, exports and reports live in S3 (s3:// args point into it). */
  bucket?: string;
  /** Jobs in local child processes (no AWS runners); absent on AWS. */
  local?: LocalJobsConfig;
}

export interface LocalJobsConfig {
  /** DATA_DIR: local job files named through the API are paths inside its `jobs/` folder. */
  dataDir: string;
  /** JOBS_MAX_PROCESSES: job processes running at once; further jobs wait, queued, for one to end. */
  maxProcesses: number;
  /** SHUTDOWN_GRACE_MS: how long a job process may take to stop on SIGTERM before it is killed. */
  stopGraceMs: number;
}

function loadLocalJobs(env: Env): LocalJobsConfig {
  return {
    dataDir: read(env, ENV.dataDir, nonEmpty, DEFAULTS.dataDir),
    maxProcesses: read(
      env,
      ENV.jobsMaxProcesses,
      z.coerce.number().check(z.int(), z.minimum(1)),
      DEFAULTS.jobsMaxProcesses,
    ),
    stopGraceMs: read(env, ENV.shutdownGraceMs, graceMs, DEFAULTS.shutdownGraceMs),
  };
}

export interface ApiConfigDefaults {
  /** DATABASE_POOL_MAX when unset: 10 (container, local); the Lambda entrypoint passes 1. */
  poolMax?: number;
}

export function loadApiConfig(env: Env = process.env, defaults: ApiConfigDefaults = {}): ApiConfig {
  const { endpoint, ...settings } = loadDatabaseSettings(env, defaults);
  if (endpoint === undefined) {
    throw new ConfigError(
      ENV.databaseUrl,
      `is required (or ${ENV.databaseHost}, ${ENV.databaseName} and ${ENV.databaseUser}): orders and stock live in PostgreSQL`,
    );
  }
  return {
    ...loadApiConfigWithout(env),
    database: { endpoint, ...settings },
    payments: loadPayments(env, 'deployed'),
  };
}

const postgresUrl = z
  .url({ protocol: /^postgres(ql)?$/, error: 'expected postgres://user:password@host:port/database' })
  // zod runs this refinement after a failed URL check too: a text that is no URL at all is left to that
  // check's message, instead of escaping as a TypeError that names no variable.
  .check(
    z.refine((url) => !URL.canParse(url) || new URL(url).pathname.length > 1, 'the URL names no database'),
  );

/** DatabaseConfig whose endpoint may be missing: only `npm start` accepts that (it runs its own PostgreSQL). */
export type DatabaseSettings = Omit<DatabaseConfig, 'endpoint'> & { endpoint?: DatabaseEndpoint };

/**
 * The endpoint is undefined when neither DATABASE_URL nor DATABASE_HOST is set; half a set of parts fails,
 * naming the missing variable. DATABASE_URL wins over the parts.
 */
function loadDatabaseSettings(env: Env, defaults: ApiConfigDefaults = {}): DatabaseSettings {
  const url = read(env, ENV.databaseUrl, z.optional(postgresUrl));
  const host = read(env, ENV.databaseHost, z.optional(nonEmpty));
  let endpoint: DatabaseEndpoint | undefined;
  if (url !== undefined) endpoint = { connectionString: url };
  else if (host !== undefined) {
    endpoint = {
      host,
      port: read(env, ENV.databasePort, port.check(z.minimum(1)), DEFAULTS.databasePort),
      database: read(env, ENV.databaseName, nonEmpty),
      user: read(env, ENV.databaseUser, nonEmpty),
    };
  }
  return {
    endpoint,
    iamAuth: read(env, ENV.databaseIamAuth, bool, DEFAULTS.databaseIamAuth),
    poolMax: read(
      env,
      ENV.databasePoolMax,
      z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)),
      defaults.poolMax === undefined ? DEFAULTS.databasePoolMax : String(defaults.poolMax),
    ),
    migrateOnStart: read(env, ENV.migrateOnStart, bool, DEFAULTS.migrateOnStart),
  };
}

function loadApiConfigWithout(env: Env): Omit<ApiConfig, 'database'> {
  const optionalUrl = z.optional(z.url());
  const jwksUrl = read(env, ENV.jwksUrl, optionalUrl);
  const issuer = read(env, ENV.jwtIssuer, z.optional(nonEmpty));
  const audiences = read(env, ENV.jwtAudience, z.optional(nonEmpty))
    ?.split(',')
    .map((client) => client.trim())
    .filter(Boolean);
  const audience = audiences === undefined || audiences.length === 0 ? undefined : audiences;
  const maxTokenLifetimeSeconds = read(
    env,
    ENV.authMaxTokenLifetimeSeconds,
    z.coerce.number().check(z.int(), z.minimum(60), z.maximum(366 * 24 * 60 * 60)),
    DEFAULTS.authMaxTokenLifetimeSeconds,
  );
  return {
    tableName: read(
      env,
      ENV.tableName,
      z.string().check(z.regex(/^[A-Za-z0-9_.-]{3,255}$/)),
      DEFAULTS.tableName,
    ),
    region: read(env, ENV.region, nonEmpty, DEFAULTS.region),
    dynamodbEndpoint: read(env, ENV.dynamodbEndpoint, optionalUrl),
    auth: { jwksUrl, issuer, audience, maxTokenLifetimeSeconds },
    corsOrigins: read(env, ENV.corsOrigins, z.string(), DEFAULTS.corsOrigins)
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    logLevel: read(env, ENV.logLevel, z.enum(['debug', 'info', 'warn', 'error']), DEFAULTS.logLevel),
    images: loadImageStorage(env),
    jobs: loadJobs(env),
    checkout: {
      pricesIncludeTax: read(env, ENV.pricesIncludeTax, bool, DEFAULTS.pricesIncludeTax),
      // The default is a country (a test says so): only a configured one is checked, since the check loads
      // ICU's region names, ~10 ms of CPU that every Lambda cold start would pay.
      shopCountry: env[ENV.shopCountry]
        ? read(env, ENV.shopCountry, countrySchema)
        : (DEFAULTS.shopCountry as string),
      productCacheSeconds: read(
        env,
        ENV.productCacheSeconds,
        z.coerce.number().check(z.int(), z.minimum(0), z.maximum(300)),
        DEFAULTS.productCacheSeconds,
      ),
    },
    events: loadEvents(env),
  };
}

// EventBridge: a bus name (1-256 of [.\-_A-Za-z0-9]) or a bus ARN.
const eventBusName = z
  .string()
  .check(
    z.regex(
      /^([.\-_A-Za-z0-9]{1,256}|arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[.\-_A-Za-z0-9]{1,256})$/,
      'must be an EventBridge bus name or ARN',
    ),
  );

function loadEvents(env: Env): EventsConfig {
  const busName = read(env, ENV.eventBusName, z.optional(eventBusName));
  return busName === undefined ? {} : { busName };
}

const jobDefinitionArn = z
  .string()
  .check(
    z.regex(
      /^arn:aws[a-z-]*:batch:[a-z0-9-]+:\d{12}:job-definition\/[A-Za-z0-9_-]+:\d+$/,
      'must be a job-definition ARN with its revision (…:job-definition/<name>:<revision>)',
    ),
  );
const definitionArns = z.pipe(
  z.pipe(
    z.string(),
    z.transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.issues.push({ code: 'custom', message: 'is not JSON', input: text });
        return z.NEVER;
      }
    }),
  ),
  z.record(z.string(), jobDefinitionArn),
);

/** Both AWS runners or neither: half a configuration would start some jobs in AWS and others nowhere. */
function loadJobs(env: Env): JobsConfig {
  const functionName = read(env, ENV.jobsFunctionName, z.optional(nonEmpty));
  const queueArn = read(env, ENV.jobsQueueArn, z.optional(z.string().check(z.startsWith('arn:'))));
  const bucket = read(env, ENV.jobsBucket, z.optional(bucketName));
  const withBucket = bucket === undefined ? {} : { bucket };
  if (functionName === undefined && queueArn === undefined)
    return { launch: { mode: 'local' }, ...withBucket, local: loadLocalJobs(env) };
  if (functionName === undefined)
    throw new ConfigError(ENV.jobsFunctionName, `is required with ${ENV.jobsQueueArn}`);
  if (queueArn === undefined)
    throw new ConfigError(ENV.jobsQueueArn, `is required with ${ENV.jobsFunctionName}`);
  return {
    launch: {
      mode: 'aws',
      functionName,
      queueArn,
      definitionArns: read(env, ENV.jobDefinitionArns, definitionArns),
    },
    ...withBucket,
  };
}

const bucketName = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'is not an S3 bucket name'));

function loadImageStorage(env: Env, defaultBucket?: string): ImageStorageConfig | undefined {
  const bucket = read(env, ENV.imageBucket, z.optional(bucketName), defaultBucket);
  if (bucket === undefined) return undefined;
  const endpoint = read(env, ENV.s3Endpoint, z.optional(z.url()));
  const region = read(env, ENV.region, nonEmpty, DEFAULTS.region);
  const fallback = endpoint
    ? `${endpoint.replace(/\/$/, '')}/${bucket}`
    : `https://${bucket}.s3.${region}.amazonaws.com`;
  const publicBaseUrl = read(env, ENV.imagePublicBaseUrl, z.url(), fallback).replace(/\/$/, '');
  return { bucket, ...(endpoint === undefined ? {} : { endpoint }), publicBaseUrl };
}

/** The image Lambda: the bucket it reads and writes, plus the catalog table it records images in. */
export function loadImageWorkerConfig(env: Env = process.env): Omit<ApiConfig, 'database'> & {
  images: ImageStorageConfig;
} {
  const base = loadApiConfigWithout(env);
  if (base.images === undefined) throw new ConfigError(ENV.imageBucket, 'is required');
  return { ...base, images: base.images };
}

/** A job run (`npm run job`, the Batch container, a Lambda job): the catalog always, the rest when configured. */
export interface JobConfig extends Omit<ApiConfig, 'database'> {
  /** Absent without DATABASE_URL / DATABASE_HOST: only sales-report needs it. */
  database?: DatabaseConfig;
  /** This container's place in an AWS Batch array job, when it runs in one. */
  arrayShard?: { index: number; count: number };
  /** S3_ENDPOINT (a local stand-in) for s3:// job files, with or without an image bucket. */
  s3Endpoint?: string;
}

export function loadJobConfig(env: Env = process.env): JobConfig {
  const { endpoint, ...settings } = loadDatabaseSettings(env);
  const index = read(env, ENV.batchArrayIndex, z.optional(z.coerce.number().check(z.int(), z.minimum(0))));
  const count = read(env, ENV.batchArraySize, z.optional(z.coerce.number().check(z.int(), z.minimum(1))));
  if (index !== undefined && count === undefined) {
    throw new ConfigError(ENV.batchArraySize, `is required with ${ENV.batchArrayIndex} (the array size)`);
  }
  if (index !== undefined && count !== undefined && index >= count) {
    throw new ConfigError(ENV.batchArrayIndex, `must be below ${ENV.batchArraySize} (${count})`);
  }
  return {
    ...loadApiConfigWithout(env),
    ...(endpoint === undefined ? {} : { database: { endpoint, ...settings } }),
    ...(index !== undefined && count !== undefined ? { arrayShard: { index, count } } : {}),
    s3Endpoint: read(env, ENV.s3Endpoint, z.optional(z.url())),
    payments: loadPayments(env, 'job'),
  };
}

/** The relay Lambda: one sweep of the order event outbox to the EventBridge bus per scheduled invocation. */
export interface EventRelayConfig {
  database: DatabaseConfig;
  region: string;
  logLevel: ApiConfig['logLevel'];
  busName: string;
}

export function loadEventRelayConfig(env: Env = process.env): EventRelayConfig {
  const { endpoint, ...settings } = loadDatabaseSettings(env, { poolMax: 1 });
  if (endpoint === undefined) {
    throw new ConfigError(
      ENV.databaseUrl,
      `is required (or ${ENV.databaseHost}, ${ENV.databaseName} and ${ENV.databaseUser})`,
    );
  }
  // Without a bus the relay would mark events published that nobody received.
  const busName = read(env, ENV.eventBusName, eventBusName);
  return {
    database: { endpoint, ...settings },
    region: read(env, ENV.region, nonEmpty, DEFAULTS.region),
    logLevel: read(env, ENV.logLevel, z.enum(['debug', 'info', 'warn', 'error']), DEFAULTS.logLevel),
    busName,
  };
}

/** Order emails: who sends them, and over which transport. */
export interface MailConfig {
  /** MAIL_FROM: the sender identity (verified in Amazon SES on AWS). */
  from: string;
  /** SMTP_URL: send over this SMTP server; absent = Amazon SES (email Lambda) or MailDev (`npm start`). */
  smtpUrl?: string;
}

const mailFrom = z
  .string()
  .check(
    z.regex(
      /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/,
      'must be an email address, or a name and an address in <>: "Shop <shop@example.com>"',
    ),
  );
const smtpUrl = z.url({
  protocol: /^smtps?$/,
  error: 'expected smtp://host:port (STARTTLS when offered) or smtps://user:password@host:port',
});

function loadMail(env: Env, defaultFrom?: string): MailConfig {
  const url = read(env, ENV.smtpUrl, z.optional(smtpUrl));
  return {
    from: read(env, ENV.mailFrom, mailFrom, defaultFrom),
    ...(url === undefined ? {} : { smtpUrl: url }),
  };
}

/** The email Lambda: order events from its SQS queue, one email each at most, recorded in PostgreSQL. */
export interface EmailWorkerConfig {
  database: DatabaseConfig;
  region: string;
  logLevel: ApiConfig['logLevel'];
  mail: MailConfig;
}

export function loadEmailWorkerConfig(env: Env = process.env): EmailWorkerConfig {
  const { endpoint, ...settings } = loadDatabaseSettings(env, { poolMax: 1 });
  if (endpoint === undefined) {
    throw new ConfigError(
      ENV.databaseUrl,
      `is required (or ${ENV.databaseHost}, ${ENV.databaseName} and ${ENV.databaseUser}): each email sent is recorded in PostgreSQL`,
    );
  }
  return {
    database: { endpoint, ...settings },
    region: read(env, ENV.region, nonEmpty, DEFAULTS.region),
    logLevel: read(env, ENV.logLevel, z.enum(['debug', 'info', 'warn', 'error']), DEFAULTS.logLevel),
    mail: loadMail(env),
  };
}

/** The Node server (container or local). */
export interface ServerConfig extends ApiConfig {
  port: number;
  /** The address it listens on: every interface in a container, loopback for `npm start`. */
  host: string;
  /** How long SIGTERM waits for in-flight requests before closing connections. */
  shutdownGraceMs: number;
}

export function loadServerConfig(env: Env = process.env): ServerConfig {
  return { ...loadApiConfig(env), ...serverSettings(env, DEFAULTS.host) };
}

function serverSettings(env: Env, defaultHost: string) {
  return {
    port: read(env, ENV.port, port, DEFAULTS.port),
    host: read(
      env,
      ENV.host,
      z.string().check(z.regex(/^[^\s/]+$/, 'must be a host name or an IP address')),
      defaultHost,
    ),
    shutdownGraceMs: read(env, ENV.shutdownGraceMs, graceMs, DEFAULTS.shutdownGraceMs),
  };
}

/** `npm start`: the server plus the embedded stand-ins it starts. */
export interface LocalConfig extends Omit<ServerConfig, 'database'> {
  /** Without an endpoint (no DATABASE_URL / DATABASE_HOST), `npm start` runs PostgreSQL itself. */
  database: DatabaseSettings;
  dataDir: string;
  dynamodbPort: number;
  /** The embedded PostgreSQL's port (unused with DATABASE_URL). */
  postgresPort: number;
  seedDemo: boolean;
  /** The local S3's port (unused with S3_ENDPOINT). */
  s3Port: number;
  /** Order emails: MailDev's ports (unused with SMTP_URL, which sends there instead). */
  mail: MailConfig & { smtpPort: number; uiPort: number };
}

export function loadLocalConfig(env: Env = process.env): LocalConfig {
  return {
    ...loadApiConfigWithout(env),
    ...serverSettings(env, LOCAL_DEFAULTS.host),
    database: loadDatabaseSettings(env),
    dataDir: read(env, ENV.dataDir, nonEmpty, DEFAULTS.dataDir),
    dynamodbPort: read(env, ENV.dynamodbPort, port, LOCAL_DEFAULTS.dynamodbPort),
    postgresPort: read(env, ENV.postgresPort, port, LOCAL_DEFAULTS.postgresPort),
    seedDemo: read(env, ENV.seedDemo, bool, LOCAL_DEFAULTS.seedDemo),
    s3Port: read(env, ENV.s3Port, port, LOCAL_DEFAULTS.s3Port),
    // npm start always serves images: its own S3 stand-in holds them unless S3_ENDPOINT says otherwise.
    images: loadImageStorage(env, LOCAL_DEFAULTS.imageBucket),
    payments: loadPayments(env, 'local'),
    mail: {
      ...loadMail(env, LOCAL_DEFAULTS.mailFrom),
      smtpPort: read(env, ENV.smtpPort, port, LOCAL_DEFAULTS.smtpPort),
      uiPort: read(env, ENV.mailUiPort, port, LOCAL_DEFAULTS.mailUiPort),
    },
  };
}

/**
 * The X-Ray trace id of the Lambda invocation running now (the `Root=` part of `_X_AMZN_TRACE_ID`), or
 * undefined outside Lambda or without tracing. Lambda sets the variable anew for every invocation, so this
 * is read per event, not once at start-up.
 */
export function lambdaTraceId(env: Env = process.env): string | undefined {
  return /(?:^|;)Root=([^;]+)/.exec(env[ENV.lambdaTraceId] ?? '')?.[1];
}
