import { DEFAULTS, LOCAL_DEFAULTS } from './config.js';
import type { ENV } from './env-names.js';
import { METRICS_DEFAULTS } from './metrics-config.js';

/**
 * What each environment variable means, who reads it and what it defaults to: the one place these are
 * written down. docs/configuration.md is generated from this (npm run docs:config) and a test fails when
 * the committed file differs, so a new variable in env-names.ts needs its entry here before it typechecks.
 */
export interface SettingReference {
  section: SectionName;
  /** The programs that read it (see RUNTIMES). */
  readBy: readonly Runtime[];
  /** Markdown: the default in words, quoting the value from DEFAULTS or LOCAL_DEFAULTS. */
  default: string;
  /** Markdown: what it does, in a phrase. */
  meaning: string;
}

export type Runtime = keyof typeof RUNTIMES;

/** The programs that read settings, as the reference names them. */
export const RUNTIMES = {
  Lambda: 'the API on Lambda (`dist/lambda/api`)',
  container:
    'the API in a container on ECS (`dist/server`, or `node dist/server/index.mjs` after `npm run build`)',
  local: '`npm start`',
  'image Lambda': 'the function that makes image variants (`dist/lambda/image`)',
  jobs: '`npm run job`, the jobs Lambda (`dist/lambda/job`) and the AWS Batch job command (`dist/batch`)',
  'relay Lambda': 'the scheduled sweep of the order event outbox (`dist/lambda/relay`)',
  'email Lambda':
    'the order-email consumer on the SQS queue subscribed to the event bus (`dist/lambda/email`)',
  migrate: '`npm run migrate`',
  token: '`npm run token`',
} as const;

export const SECTIONS = {
  api: 'The API on every runtime',
  database: 'PostgreSQL (orders and stock)',
  server: 'The HTTP server (container and `npm start`)',
  local: 'Local data and stand-ins',
  images: 'Product images',
  jobs: 'Jobs',
  events: 'Order events',
  payments: 'Payments',
  email: 'Order emails',
  aws: 'Set by AWS, never by hand',
} as const;
export type SectionName = keyof typeof SECTIONS;

const code = (value: string) => `\`${value}\``;
const API: readonly Runtime[] = ['Lambda', 'container', 'local'];

export const SETTINGS: Record<keyof typeof ENV, SettingReference> = {
  tableName: {
    section: 'api',
    readBy: [...API, 'jobs', 'image Lambda'],
    default: code(DEFAULTS.tableName),
    meaning:
      'the DynamoDB table: catalog, carts, idempotency and job records (created on start by `npm start` only)',
  },
  region: {
    section: 'api',
    readBy: [...API, 'jobs', 'image Lambda', 'migrate', 'relay Lambda', 'email Lambda'],
    default: code(DEFAULTS.region),
    meaning: 'region of the table, the buckets and IAM database tokens (Lambda and ECS set it for you)',
  },
  dynamodbEndpoint: {
    section: 'api',
    readBy: [...API, 'jobs'],
    default: "AWS's regional endpoint",
    meaning:
      'another DynamoDB API, e.g. `http://localhost:8000`; `npm start` then uses it instead of starting DynamoDB Local',
  },
  jwksUrl: {
    section: 'api',
    readBy: API,
    default: 'none: **required** on Lambda and in the container',
    meaning:
      "the token issuer's JWKS, e.g. `https://cognito-idp.<region>.amazonaws.com/<pool>/.well-known/jwks.json`; `npm start` without it trusts the key under `DATA_DIR`",
  },
  jwtIssuer: {
    section: 'api',
    readBy: API,
    default: 'not checked (`npm start`: `slimshop-local`)',
    meaning: 'the `iss` tokens must have',
  },
  jwtAudience: {
    section: 'api',
    readBy: API,
    default: 'not checked',
    meaning:
      'comma-separated app client ids, one of which tokens must have as `aud` (or `client_id`, Cognito access tokens): the shop app and the admin console',
  },
  authMaxTokenLifetimeSeconds: {
    section: 'api',
    readBy: [...API, 'token'],
    default: `${code(DEFAULTS.authMaxTokenLifetimeSeconds)} (a day)`,
    meaning:
      'longest token lifetime accepted (`exp - iat`); tokens without `exp` or with `iat` in the future are refused ([api.md](api.md#authentication))',
  },
  corsOrigins: {
    section: 'api',
    readBy: API,
    default: 'empty: no CORS headers',
    meaning: 'comma-separated origins allowed to call from browsers, or `*`',
  },
  pricesIncludeTax: {
    section: 'api',
    readBy: API,
    default: 'true',
    meaning:
      '`true`: catalog prices include tax (checkout takes the tax out of them, the EU consumer convention); `false`: tax is added on top',
  },
  shopCountry: {
    section: 'api',
    readBy: API,
    default: 'DE',
    meaning:
      'ISO 3166-1 alpha-2 country whose tax rates apply to an order with neither a shipping nor a billing address',
  },
  productCacheSeconds: {
    section: 'api',
    readBy: API,
    default: code(DEFAULTS.productCacheSeconds),
    meaning:
      'seconds a product read to price a cart, quote or order may be reused by the same instance (0 to 300; `0` reads every time): a price or status change reaches checkout within that time on every instance, at once on the one that made it; stock is always current',
  },
  logLevel: {
    section: 'api',
    readBy: [...API, 'jobs', 'image Lambda', 'migrate', 'relay Lambda', 'email Lambda'],
    default: code(DEFAULTS.logLevel),
    meaning: '`debug`, `info`, `warn` or `error`: JSON lines, warn and error on stderr, the rest on stdout',
  },
  logMetrics: {
    section: 'api',
    readBy: [...API, 'jobs', 'image Lambda', 'relay Lambda', 'email Lambda'],
    default: code(METRICS_DEFAULTS.logMetrics),
    meaning:
      '`false` leaves out the metric lines: CloudWatch Embedded Metric Format JSON on stdout, namespace `Slimshop` ([operations.md](operations.md#metrics))',
  },
  stage: {
    section: 'api',
    readBy: [...API, 'jobs', 'image Lambda', 'relay Lambda', 'email Lambda'],
    default: code(METRICS_DEFAULTS.stage),
    meaning: 'the deployment stage, the `stage` dimension of every metric (the CDK app sets it)',
  },
  databaseUrl: {
    section: 'database',
    readBy: [...API, 'jobs', 'migrate', 'relay Lambda', 'email Lambda'],
    default:
      'none: **required** on Lambda and in the container (or the parts below); `npm start`: its own server',
    meaning: 'the PostgreSQL server, `postgres://user:password@host:5432/db`; wins over the parts below',
  },
  databaseHost: {
    section: 'database',
    readBy: [...API, 'jobs', 'migrate', 'relay Lambda', 'email Lambda'],
    default: 'none',
    meaning:
      'instead of a URL, as the CDK app sets it: the RDS Proxy or cluster endpoint; `DATABASE_NAME` and `DATABASE_USER` are then required',
  },
  databasePort: {
    section: 'database',
    readBy: [...API, 'jobs', 'migrate', 'relay Lambda', 'email Lambda'],
    default: code(DEFAULTS.databasePort),
    meaning: 'with `DATABASE_HOST`: its port',
  },
  databaseName: {
    section: 'database',
    readBy: [...API, 'jobs', 'migrate', 'relay Lambda', 'email Lambda'],
    default: 'none',
    meaning: 'with `DATABASE_HOST`: the database',
  },
  databaseUser: {
    section: 'database',
    readBy: [...API, 'jobs', 'migrate', 'relay Lambda', 'email Lambda'],
    default: 'none',
    meaning: 'with `DATABASE_HOST`: the login role',
  },
  databaseIamAuth: {
    section: 'database',
    readBy: [...API, 'jobs', 'migrate', 'relay Lambda', 'email Lambda'],
    default: code(DEFAULTS.databaseIamAuth),
    meaning:
      "`true`: log in with a 15-minute IAM token signed with the runtime's role (`@aws-sdk/rds-signer`) over TLS, so no password exists anywhere",
  },
  databasePoolMax: {
    section: 'database',
    readBy: [...API, 'relay Lambda', 'email Lambda'],
    default: `${code(DEFAULTS.databasePoolMax)}; Lambda ${code('1')}`,
    meaning:
      'connections per process; a Lambda environment keeps its one connection between invocations and RDS Proxy multiplexes them',
  },
  migrateOnStart: {
    section: 'database',
    readBy: [...API, 'relay Lambda', 'email Lambda'],
    default: code(DEFAULTS.migrateOnStart),
    meaning:
      'apply pending migrations (under an advisory lock) before listening (container, `npm start`) or on the first request that uses the database (Lambda)',
  },
  port: {
    section: 'server',
    readBy: ['container', 'local'],
    default: code(DEFAULTS.port),
    meaning: 'the HTTP port (`0` picks a free one)',
  },
  host: {
    section: 'server',
    readBy: ['container', 'local'],
    default: `${code(LOCAL_DEFAULTS.host)} for \`npm start\`; ${code(DEFAULTS.host)} in the container`,
    meaning:
      'the address the HTTP server listens on: `npm start` answers only this machine unless you set `0.0.0.0` (every interface); the container listens on every interface so its load balancer reaches it',
  },
  shutdownGraceMs: {
    section: 'server',
    readBy: ['container', 'local'],
    default: code(DEFAULTS.shutdownGraceMs),
    meaning:
      'on SIGTERM, how long requests in flight may take before connections are cut (and local job processes before they are killed)',
  },
  dataDir: {
    section: 'local',
    readBy: ['local', 'container', 'token', 'jobs'],
    default: code(DEFAULTS.dataDir),
    meaning:
      "DynamoDB Local's database (`dynamodb/`), PostgreSQL's cluster (`postgres/`), the embedded S3 (`s3/`), MailDev's emails (`mail/`), the local signing key (`keys/`) and the files `POST /jobs` may name (`jobs/`)",
  },
  dynamodbPort: {
    section: 'local',
    readBy: ['local'],
    default: code(LOCAL_DEFAULTS.dynamodbPort),
    meaning: 'port of DynamoDB Local (it listens on every interface: keep only demo data in it)',
  },
  postgresPort: {
    section: 'local',
    readBy: ['local'],
    default: code(LOCAL_DEFAULTS.postgresPort),
    meaning: 'port of the embedded PostgreSQL (loopback only; unused with `DATABASE_URL`)',
  },
  s3Port: {
    section: 'local',
    readBy: ['local'],
    default: code(LOCAL_DEFAULTS.s3Port),
    meaning: 'port of the embedded S3 (s3rver, loopback only; unused with `S3_ENDPOINT`)',
  },
  seedDemo: {
    section: 'local',
    readBy: ['local'],
    default: code(LOCAL_DEFAULTS.seedDemo),
    meaning:
      'seed the demo catalog into an empty table, and 100 units of stock for each demo product without stock',
  },
  imageBucket: {
    section: 'images',
    readBy: [...API, 'image Lambda', 'jobs'],
    default: `none: no image routes (\`npm start\`: ${code(LOCAL_DEFAULTS.imageBucket)})`,
    meaning: 'the product image bucket; without it the API has no image routes',
  },
  s3Endpoint: {
    section: 'images',
    readBy: [...API, 'image Lambda', 'jobs'],
    default: "AWS's regional endpoint",
    meaning:
      'another S3 API (path-style); for `npm start` it replaces the embedded S3, and then no image variants are made',
  },
  imagePublicBaseUrl: {
    section: 'images',
    readBy: [...API, 'image Lambda'],
    default: "the bucket's URL",
    meaning: 'prefix of variant URLs, e.g. a CloudFront domain',
  },
  jobsFunctionName: {
    section: 'jobs',
    readBy: API,
    default: 'none: jobs run in local child processes',
    meaning:
      'the Lambda function that runs short jobs (invoked asynchronously); set together with `JOBS_QUEUE_ARN`',
  },
  jobsQueueArn: {
    section: 'jobs',
    readBy: API,
    default: 'none',
    meaning: 'the AWS Batch job queue long jobs are submitted to',
  },
  jobDefinitionArns: {
    section: 'jobs',
    readBy: API,
    default: 'none',
    meaning:
      'JSON object: job name -> exact job-definition ARN with its revision, e.g. `{"import-catalog":"arn:aws:batch:...:job-definition/x:3"}`',
  },
  jobsBucket: {
    section: 'jobs',
    readBy: [...API, 'jobs'],
    default: 'none',
    meaning:
      'the bucket for job inputs, exports and reports (`s3://` locations); the only bucket `POST /jobs` may name',
  },
  jobsMaxProcesses: {
    section: 'jobs',
    readBy: ['container', 'local'],
    default: code(DEFAULTS.jobsMaxProcesses),
    meaning: 'jobs running at once in local child processes (no AWS runners); later ones wait, `queued`',
  },
  paymentProvider: {
    section: 'payments',
    readBy: [...API, 'jobs'],
    default:
      '`stripe` when `STRIPE_SECRET_KEY` or `STRIPE_SECRET_ARN` is set; otherwise `test` for `npm start` and jobs, none on Lambda and in the container (no payment routes)',
    meaning:
      '`stripe`, or `test`: no money moves, `POST /payments/test/{paymentId}/succeed` and `/fail` report the outcome ([payments.md](payments.md)); Lambda and the container refuse `test` unless `ALLOW_TEST_PAYMENTS=true`',
  },
  stripeSecretKey: {
    section: 'payments',
    readBy: [...API, 'jobs'],
    default: 'none',
    meaning:
      "Stripe's secret key (`sk_…`, or a restricted `rk_…` allowed to write PaymentIntents and refunds)",
  },
  stripeWebhookSecret: {
    section: 'payments',
    readBy: API,
    default: 'none: **required** with Stripe',
    meaning: 'the signing secret (`whsec_…`) of the webhook endpoint `POST /webhooks/stripe`',
  },
  stripeSecretArn: {
    section: 'payments',
    readBy: [...API, 'jobs'],
    default: 'none: `STRIPE_SECRET_KEY` and `STRIPE_WEBHOOK_SECRET` (the CDK app sets this on AWS instead)',
    meaning:
      'a Secrets Manager secret holding JSON `{"secretKey": "sk_…", "webhookSecret": "whsec_…"}`, read at first use and cached; takes the place of the two variables above, so the key never sits in an environment',
  },
  allowTestPayments: {
    section: 'payments',
    readBy: ['Lambda', 'container'],
    default: code(DEFAULTS.allowTestPayments),
    meaning: '`true` lets a deployed API use `PAYMENT_PROVIDER=test` (a staging stage without Stripe)',
  },
  paymentTimeoutMinutes: {
    section: 'payments',
    readBy: ['local', 'jobs'],
    default: code(DEFAULTS.paymentTimeoutMinutes),
    meaning:
      'a `placed` order unpaid for longer is cancelled by the `cancel-unpaid-orders` job (its stock and discount redemption come back)',
  },
  eventBusName: {
    section: 'events',
    readBy: [...API, 'relay Lambda'],
    default:
      'none: the in-process bus of the process that wrote the event (**required** by the relay Lambda)',
    meaning:
      'the EventBridge custom bus (name or ARN) order events are published to: `source` `slimshop.orders`, `detail-type` the event type ([events.md](events.md))',
  },
  mailFrom: {
    section: 'email',
    readBy: ['email Lambda', 'local'],
    default: `none: **required** by the email Lambda; \`npm start\`: ${code(LOCAL_DEFAULTS.mailFrom)}`,
    meaning:
      'the sender of order emails, `shop@example.com` or `Shop <shop@example.com>`; on AWS an identity verified in Amazon SES ([emails.md](emails.md))',
  },
  smtpUrl: {
    section: 'email',
    readBy: ['email Lambda', 'local'],
    default: 'none: Amazon SES (email Lambda), MailDev (`npm start`)',
    meaning:
      'send order emails over this SMTP server instead, `smtp://host:587` (STARTTLS when offered) or `smtps://user:password@host:465`; `npm start` then starts no MailDev',
  },
  smtpPort: {
    section: 'email',
    readBy: ['local'],
    default: code(LOCAL_DEFAULTS.smtpPort),
    meaning:
      'SMTP port of the MailDev `npm start` runs (loopback only; `0` picks a free one; unused with `SMTP_URL`)',
  },
  mailUiPort: {
    section: 'email',
    readBy: ['local'],
    default: code(LOCAL_DEFAULTS.mailUiPort),
    meaning:
      "port of MailDev's web UI, where every email sent shows up (and its REST API, `GET /email`); `0` picks a free one",
  },
  lambdaTraceId: {
    section: 'aws',
    readBy: ['Lambda', 'image Lambda', 'jobs', 'relay Lambda', 'email Lambda'],
    default: 'set by Lambda for each invocation when tracing is on',
    meaning: 'the X-Ray trace of the invocation, logged as `xray_trace_id`',
  },
  batchArrayIndex: {
    section: 'aws',
    readBy: ['jobs'],
    default: 'set by AWS Batch in each child of an array job',
    meaning: "this container's index in the array job, from 0: the shard it works on",
  },
  batchArraySize: {
    section: 'aws',
    readBy: ['jobs'],
    default: 'set by the job definition or the submitter (AWS Batch itself does not)',
    meaning: "the array job's size; required with `AWS_BATCH_JOB_ARRAY_INDEX`",
  },
};
