import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export const STAGES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGES)[number];

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Lambda behind the HTTP API (`compute=lambda`). */
export interface LambdaApiConfig {
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly tracing: boolean;
  /** `$default` stage throttling: steady requests per second and the burst bucket on top. */
  readonly throttleRateLimit: number;
  readonly throttleBurstLimit: number;
  /** PostgreSQL connections per execution environment: one, since an environment serves one request at a time. */
  readonly databasePoolMax: number;
}

/** The same app as a container behind an ALB (`compute=fargate|fargate-spot|ec2`). */
export interface ContainerApiConfig {
  /** Fargate task size (CPU units, MiB); on EC2 the same numbers are the task's reservation. */
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly minTasks: number;
  readonly maxTasks: number;
  readonly cpuTargetPercent: number;
  readonly requestsPerTarget: number;
  /**
   * Seconds a stopping task keeps serving: the ALB deregistration delay and the server's SIGTERM drain
   * (SHUTDOWN_GRACE_MS) are both derived from this one number so they cannot drift apart.
   */
  readonly drainSeconds: number;
  /** `fargate-spot`: tasks kept on regular Fargate so a Spot reclaim never takes the whole service down. */
  readonly spotOnDemandBase: number;
  /** `ec2`: Graviton instances for the auto-scaling-group capacity provider. */
  readonly ec2InstanceType: string;
  readonly ec2MinInstances: number;
  readonly ec2MaxInstances: number;
  /** PostgreSQL connections per task: the pool is shared by every request the task serves concurrently. */
  readonly databasePoolMax: number;
  readonly albAccessLogs: boolean;
  readonly containerInsights: boolean;
}

/** The image Lambda: one S3 ObjectCreated event (one uploaded original) -> web variants. */
export interface ImageWorkerConfig {
  /** A 50-megapixel original decodes to ~200 MB of pixels; 1769 MB buys a full vCPU for the encoders. */
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /**
   * A cap on concurrent image functions, so a bulk upload cannot take the account's whole concurrency pool
   * from the API. Unset in dev: a new account's pool is 10 and Lambda refuses a reservation that leaves
   * fewer than 100 unreserved.
   */
  readonly reservedConcurrency?: number;
}

/** Jobs: the jobs Lambda for short runs, AWS Batch for long ones, and the jobs bucket. */
export interface JobsConfig {
  /** The jobs Lambda: sharp (reoptimize-images) and streaming imports both want a full vCPU. */
  readonly lambdaMemoryMb: number;
  /** Upper bound of each Fargate compute environment; min is always 0 so an idle queue costs nothing. */
  readonly fargateMaxVcpus: number;
  /** Upper bound of the EC2 Spot compute environment (bulk queue); min is 0 as well. */
  readonly ec2SpotMaxVcpus: number;
  /** Days reports, exports and uploaded inputs stay in the jobs bucket. */
  readonly filesExpireAfterDays: number;
}

/** Order emails: the email Lambda on its SQS queue, sending through Amazon SES. */
export interface EmailConfig {
  /**
   * MAIL_FROM: `shop@example.com` or `Shop <shop@example.com>`. Its address, or its domain, must be a verified
   * SES identity in the stack's region: `ses:SendEmail` is granted on those two identities only.
   * `-c mailFrom=...` overrides it.
   */
  readonly mailFrom: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** Email functions polling the queue at once (2 to 1000): keeps within SES's send rate and the database's connections. */
  readonly maxConcurrency: number;
  /** Receives of a message (a failed send each time) before it moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
}

/** The admin console on S3 behind CloudFront, signed in through Cognito's hosted UI (constructs/admin-console.ts). */
export interface AdminConsoleConfig {
  /**
   * The hosted UI's domain prefix: `<prefix>.auth.<region>.amazoncognito.com`. Unique per region across every
   * AWS account, so a shop picks its own (a taken prefix fails the data stack's deploy).
   */
  readonly cognitoDomainPrefix: string;
}

/** The VPC shared by the database and every compute variant. */
export interface NetworkConfig {
  readonly maxAzs: number;
  /**
   * NAT gateways for the private workload subnets (at least 1): the API in the VPC must reach Cognito's JWKS
   * on the public internet. One gateway serves every AZ; one per AZ survives the loss of an AZ's gateway.
   */
  readonly natGateways: number;
}

/** Enhanced monitoring granularities RDS accepts; 0 turns it off. */
export type MonitoringSeconds = 0 | 1 | 5 | 10 | 15 | 30 | 60;

/** Aurora PostgreSQL Serverless v2 (orders, inventory), behind RDS Proxy where `databaseProxy` says so. */
export interface DatabaseConfig {
  /** Aurora capacity units per instance, in steps of 0.5. A minimum of 0 lets an idle instance pause. */
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Idle minutes before a paused-capable instance pauses (5-1440); only with minCapacity 0. */
  readonly autoPauseMinutes?: number;
  /** Serverless v2 readers that scale with the writer: failover targets in another AZ. */
  readonly readers: number;
  readonly backupRetentionDays: number;
  /** Days between rotations of the master password in Secrets Manager. */
  readonly rotationDays: number;
  readonly performanceInsights: boolean;
  readonly enhancedMonitoringSeconds: MonitoringSeconds;
  /** The RDS Data API, for operators only (Query Editor, `aws rds-data`): the app never uses it. */
  readonly dataApi: boolean;
  /** SNAPSHOT keeps a final snapshot when the stack goes, so the VPC can go with it. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Alarm thresholds (infra/lib/constructs/monitoring.ts; docs/operations.md says what each alarm means and what
 * to do first). Counts are per 5 minutes; an alarm fires above its threshold (below, for the minimums).
 */
export interface AlarmThresholds {
  /** API answers that were 5xx, in percent of requests. */
  readonly api5xxPercent: number;
  readonly apiP99LatencyMs: number;
  /** Per function. */
  readonly lambdaErrors: number;
  readonly lambdaThrottles: number;
  /**
   * Concurrent executions of all functions in the account and region (the Maximum over a minute), near
   * the account's limit (1,000 by default; raise both together): beyond it every function is throttled.
   */
  readonly accountConcurrency: number;
  /** Throttled reads and writes on the catalog table. */
  readonly dynamoDbThrottles: number;
  readonly dynamoDbSystemErrors: number;
  readonly auroraCpuPercent: number;
  /** Aurora capacity in use, in percent of the stage's maxCapacity. */
  readonly auroraAcuPercent: number;
  readonly auroraConnections: number;
  /** Minimum free local (temporary) storage per instance. */
  readonly auroraFreeLocalStorageMb: number;
  /** p99 time to borrow a connection from RDS Proxy (stages with a proxy). */
  readonly proxyBorrowLatencyMs: number;
  readonly jobFailures: number;
  /**
   * Batch jobs that ended FAILED after their retries, whatever ended them: a job killed from outside (Spot
   * taken back once too often, out of memory, its timeout) writes no metric of its own, so JobFailures misses it.
   */
  readonly batchJobsFailed: number;
  readonly imageFailures: number;
  /** Failed payments (declined cards among them: a shop sees some every day). */
  readonly paymentFailures: number;
  /** Age of the oldest unpublished order event; the relay sweeps every minute. */
  readonly outboxLagSeconds: number;
}

/**
 * Everything that differs between stages, typed and in code (AWS CDK guide: configuration through typed
 * props, not environment variables), so a diff of this file shows every difference between dev and prod.
 */
export interface StageConfig {
  readonly stage: StageName;
  /** Stateful resources: dev tears down cleanly, prod keeps the data when the stack goes. */
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  readonly logRetention: RetentionDays;
  readonly logLevel: LogLevel;
  /** Browser origins allowed by the app's CORS middleware; `-c corsOrigins=a,b` overrides. */
  readonly corsOrigins: readonly string[];
  readonly images: {
    readonly versioned: boolean;
    readonly abortIncompleteUploadsAfterDays: number;
    readonly noncurrentVersionExpirationDays: number;
  };
  readonly network: NetworkConfig;
  readonly database: DatabaseConfig;
  /**
   * RDS Proxy in front of the cluster (docs/adr/0003-dev-database-without-proxy.md). It bills at least 8 ACU
   * ($87.60/month) and its open connections keep the cluster from ever pausing, so dev goes without: the API
   * then connects to the writer endpoint directly (IAM token, TLS verified against the RDS CA).
   */
  readonly databaseProxy: boolean;
  readonly lambda: LambdaApiConfig;
  readonly container: ContainerApiConfig;
  readonly imageWorker: ImageWorkerConfig;
  readonly jobs: JobsConfig;
  readonly email: EmailConfig;
  readonly adminConsole: AdminConsoleConfig;
  readonly alarms: AlarmThresholds;
}

const dev: StageConfig = {
  stage: 'dev',
  removalPolicy: RemovalPolicy.DESTROY,
  deletionProtection: false,
  logRetention: RetentionDays.ONE_WEEK,
  logLevel: 'debug',
  corsOrigins: ['http://localhost:3000', 'http://localhost:5173'],
  images: { versioned: false, abortIncompleteUploadsAfterDays: 1, noncurrentVersionExpirationDays: 1 },
  network: { maxAzs: 2, natGateways: 1 },
  database: {
    minCapacity: 0,
    maxCapacity: 2,
    autoPauseMinutes: 10,
    readers: 0,
    backupRetentionDays: 1,
    rotationDays: 90,
    performanceInsights: true,
    enhancedMonitoringSeconds: 0,
    dataApi: true,
    removalPolicy: RemovalPolicy.DESTROY,
  },
  databaseProxy: false,
  lambda: {
    memoryMb: 512,
    timeoutSeconds: 10,
    tracing: true,
    throttleRateLimit: 50,
    throttleBurstLimit: 100,
    databasePoolMax: 1,
  },
  container: {
    cpu: 256,
    memoryMiB: 512,
    minTasks: 1,
    maxTasks: 2,
    cpuTargetPercent: 60,
    requestsPerTarget: 500,
    drainSeconds: 25,
    spotOnDemandBase: 0,
    ec2InstanceType: 't4g.small',
    ec2MinInstances: 1,
    ec2MaxInstances: 2,
    databasePoolMax: 10,
    albAccessLogs: false,
    containerInsights: false,
  },
  imageWorker: { memoryMb: 1536, timeoutSeconds: 60 },
  jobs: { lambdaMemoryMb: 1769, fargateMaxVcpus: 4, ec2SpotMaxVcpus: 8, filesExpireAfterDays: 7 },
  email: {
    mailFrom: 'Slimshop Dev <shop-dev@example.com>',
    memoryMb: 512,
    timeoutSeconds: 30,
    maxConcurrency: 2,
    maxReceiveCount: 5,
  },
  adminConsole: { cognitoDomainPrefix: 'slimshop-dev-admin' },
  // Looser than prod: dev takes test traffic and deploys often; its alarms should still catch breakage.
  alarms: {
    api5xxPercent: 5,
    apiP99LatencyMs: 3000,
    lambdaErrors: 5,
    lambdaThrottles: 5,
    accountConcurrency: 800,
    dynamoDbThrottles: 50,
    dynamoDbSystemErrors: 0,
    auroraCpuPercent: 90,
    auroraAcuPercent: 90,
    // 2 ACU at most: max_connections is about 190.
    auroraConnections: 150,
    auroraFreeLocalStorageMb: 512,
    proxyBorrowLatencyMs: 100,
    jobFailures: 0,
    batchJobsFailed: 0,
    imageFailures: 5,
    paymentFailures: 10,
    outboxLagSeconds: 300,
  },
};

const prod: StageConfig = {
  stage: 'prod',
  removalPolicy: RemovalPolicy.RETAIN,
  deletionProtection: true,
  logRetention: RetentionDays.THREE_MONTHS,
  logLevel: 'info',
  corsOrigins: [],
  images: { versioned: true, abortIncompleteUploadsAfterDays: 7, noncurrentVersionExpirationDays: 30 },
  network: { maxAzs: 2, natGateways: 1 },
  database: {
    minCapacity: 0.5,
    maxCapacity: 16,
    readers: 1,
    backupRetentionDays: 14,
    rotationDays: 30,
    performanceInsights: true,
    enhancedMonitoringSeconds: 60,
    dataApi: true,
    removalPolicy: RemovalPolicy.SNAPSHOT,
  },
  databaseProxy: true,
  lambda: {
    memoryMb: 1024,
    timeoutSeconds: 10,
    tracing: true,
    throttleRateLimit: 500,
    throttleBurstLimit: 1000,
    databasePoolMax: 1,
  },
  container: {
    cpu: 512,
    memoryMiB: 1024,
    minTasks: 2,
    maxTasks: 10,
    cpuTargetPercent: 60,
    requestsPerTarget: 1000,
    drainSeconds: 25,
    spotOnDemandBase: 1,
    ec2InstanceType: 'm7g.large',
    ec2MinInstances: 2,
    ec2MaxInstances: 4,
    databasePoolMax: 10,
    albAccessLogs: true,
    containerInsights: true,
  },
  imageWorker: { memoryMb: 1769, timeoutSeconds: 60, reservedConcurrency: 20 },
  jobs: { lambdaMemoryMb: 1769, fargateMaxVcpus: 32, ec2SpotMaxVcpus: 64, filesExpireAfterDays: 30 },
  email: {
    mailFrom: 'Slimshop <shop@example.com>',
    memoryMb: 512,
    timeoutSeconds: 30,
    maxConcurrency: 5,
    maxReceiveCount: 5,
  },
  adminConsole: { cognitoDomainPrefix: 'slimshop-prod-admin' },
  alarms: {
    api5xxPercent: 1,
    apiP99LatencyMs: 1500,
    lambdaErrors: 5,
    lambdaThrottles: 0,
    accountConcurrency: 800,
    dynamoDbThrottles: 10,
    dynamoDbSystemErrors: 0,
    auroraCpuPercent: 80,
    auroraAcuPercent: 85,
    // Through RDS Proxy; 16 ACU allow about 3000.
    auroraConnections: 2000,
    auroraFreeLocalStorageMb: 2048,
    proxyBorrowLatencyMs: 50,
    jobFailures: 0,
    batchJobsFailed: 0,
    imageFailures: 3,
    paymentFailures: 25,
    outboxLagSeconds: 180,
  },
};

export const STAGE_CONFIGS: Readonly<Record<StageName, StageConfig>> = { dev, prod };
