/**
 * Names of the environment variables the runtime reads. The CDK app imports this file (and nothing else
 * from src/) so infrastructure and code cannot drift apart on a name.
 */
export const ENV = {
  port: 'PORT',
  /** The address the HTTP server listens on (container and `npm start`). */
  host: 'HOST',
  dataDir: 'DATA_DIR',
  dynamodbPort: 'DYNAMODB_PORT',
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
  tableName: 'TABLE_NAME',
  region: 'AWS_REGION',
  jwksUrl: 'JWKS_URL',
  jwtIssuer: 'JWT_ISSUER',
  jwtAudience: 'JWT_AUDIENCE',
  /** The longest token lifetime (`exp - iat`) accepted, in seconds; default a day. */
  authMaxTokenLifetimeSeconds: 'AUTH_MAX_TOKEN_LIFETIME_SECONDS',
  /** Set by Lambda for each invocation: `Root=1-…;Parent=…;Sampled=…`, the X-Ray trace of this request. */
  lambdaTraceId: '_X_AMZN_TRACE_ID',
  corsOrigins: 'CORS_ORIGINS',
  /** `true` (default, the EU consumer convention): catalog prices include tax; `false`: tax comes on top. */
  pricesIncludeTax: 'PRICES_INCLUDE_TAX',
  /** ISO country whose tax rates apply to an order with neither a shipping nor a billing address. */
  shopCountry: 'SHOP_COUNTRY',
  /** Seconds a product read for pricing a cart, quote or order may be reused (0: read every time). */
  productCacheSeconds: 'PRODUCT_CACHE_SECONDS',
  logLevel: 'LOG_LEVEL',
  /** `false` leaves out the metric lines (CloudWatch Embedded Metric Format) the runtimes write to their log. */
  logMetrics: 'LOG_METRICS',
  /** The deployment stage (dev, prod, ...): the `stage` dimension of every metric; the CDK app sets it. */
  stage: 'STAGE',
  seedDemo: 'SEED_DEMO',
  shutdownGraceMs: 'SHUTDOWN_GRACE_MS',
  // PostgreSQL (orders, inventory). Either one URL (local, any server) or the parts, as the CDK app sets them.
  databaseUrl: 'DATABASE_URL',
  databaseHost: 'DATABASE_HOST',
  databasePort: 'DATABASE_PORT',
  databaseName: 'DATABASE_NAME',
  databaseUser: 'DATABASE_USER',
  /** `true`: authenticate with a short-lived IAM token (RDS Proxy / Aurora), so no password is ever configured. */
  databaseIamAuth: 'DATABASE_IAM_AUTH',
  databasePoolMax: 'DATABASE_POOL_MAX',
  migrateOnStart: 'MIGRATE_ON_START',
  /** Local only: the port of the embedded PostgreSQL that `npm start` runs. */
  postgresPort: 'POSTGRES_PORT',
  // Product images. Without IMAGE_BUCKET the API has no image routes (npm start always has them).
  imageBucket: 'IMAGE_BUCKET',
  /** Only for a local S3 stand-in; absent = the regional AWS endpoint. */
  s3Endpoint: 'S3_ENDPOINT',
  /** Where browsers fetch variants (a CDN); default: the bucket's own URL. */
  imagePublicBaseUrl: 'IMAGE_PUBLIC_BASE_URL',
  /** Local only: the port of the S3 stand-in that `npm start` runs. */
  s3Port: 'S3_PORT',
  // Jobs: short ones on Lambda, long ones on AWS Batch. Without JOBS_QUEUE_ARN and JOBS_FUNCTION_NAME, jobs
  // run in local child processes.
  /** The AWS Batch job queue long jobs are submitted to. */
  jobsQueueArn: 'JOBS_QUEUE_ARN',
  /** JSON object: job name -> the exact job-definition ARN (revision included) the API submits. */
  jobDefinitionArns: 'JOB_DEFINITION_ARNS',
  /** The Lambda function short jobs are invoked on (asynchronously). */
  jobsFunctionName: 'JOBS_FUNCTION_NAME',
  /** The bucket for job inputs, exports and reports (s3:// locations the job role may read and write). */
  jobsBucket: 'JOBS_BUCKET',
  /** Local child processes only: how many jobs run at once (the rest wait, queued). */
  jobsMaxProcesses: 'JOBS_MAX_PROCESSES',
  // Payments: Stripe when STRIPE_SECRET_KEY is set; the test provider for `npm start` and tests.
  /** `stripe` or `test`; default `stripe` with STRIPE_SECRET_KEY, else `test` for `npm start` and none elsewhere. */
  paymentProvider: 'PAYMENT_PROVIDER',
  /** The Stripe secret key (`sk_…` or a restricted `rk_…`). */
  stripeSecretKey: 'STRIPE_SECRET_KEY',
  /** The signing secret of the Stripe webhook endpoint (`whsec_…`). */
  stripeWebhookSecret: 'STRIPE_WEBHOOK_SECRET',
  /**
   * On AWS instead of the two above: a Secrets Manager secret holding JSON
   * `{"secretKey": "sk_…", "webhookSecret": "whsec_…"}`, read at first use and cached.
   */
  stripeSecretArn: 'STRIPE_SECRET_ARN',
  /** `true` lets a deployed API (Lambda, container) use the test provider, whose routes mark orders paid. */
  allowTestPayments: 'ALLOW_TEST_PAYMENTS',
  /** Minutes a placed order may stay unpaid before cancel-unpaid-orders cancels it. */
  paymentTimeoutMinutes: 'PAYMENT_TIMEOUT_MINUTES',
  /**
   * The EventBridge custom bus (name or ARN) order events are published to; without it they go to the
   * in-process bus of the server that wrote them.
   */
  eventBusName: 'EVENT_BUS_NAME',
  // Order emails: Amazon SES on AWS (the email Lambda), SMTP (MailDev) under `npm start`.
  /** The sender identity: `shop@example.com` or `Slimshop <shop@example.com>` (verified in SES on AWS). */
  mailFrom: 'MAIL_FROM',
  /** Send over this SMTP server (`smtp://host:port`, `smtps://user:password@host`) instead of SES or MailDev. */
  smtpUrl: 'SMTP_URL',
  /** Local only: the SMTP port of the MailDev that `npm start` runs. */
  smtpPort: 'SMTP_PORT',
  /** Local only: the port of MailDev's web UI (and its REST API). */
  mailUiPort: 'MAIL_UI_PORT',
  /** Set by AWS Batch in each child of an array job: this container's index, 0-based. */
  batchArrayIndex: 'AWS_BATCH_JOB_ARRAY_INDEX',
  /** The array job's size (the job definition or submitter sets it: Batch itself does not). */
  batchArraySize: 'AWS_BATCH_JOB_ARRAY_SIZE',
} as const;
