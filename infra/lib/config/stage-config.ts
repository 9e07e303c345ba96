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
  /** 0 keeps tasks in public subnets (no NAT bill); more puts them in private subnets behind NAT. */
  readonly natGateways: number;
  readonly albAccessLogs: boolean;
  readonly containerInsights: boolean;
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
  readonly lambda: LambdaApiConfig;
  readonly container: ContainerApiConfig;
}

const dev: StageConfig = {
  stage: 'dev',
  removalPolicy: RemovalPolicy.DESTROY,
  deletionProtection: false,
  logRetention: RetentionDays.ONE_WEEK,
  logLevel: 'debug',
  corsOrigins: ['http://localhost:3000', 'http://localhost:5173'],
  images: { versioned: false, abortIncompleteUploadsAfterDays: 1, noncurrentVersionExpirationDays: 1 },
  lambda: {
    memoryMb: 512,
    timeoutSeconds: 10,
    tracing: true,
    throttleRateLimit: 50,
    throttleBurstLimit: 100,
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
    natGateways: 0,
    albAccessLogs: false,
    containerInsights: false,
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
  lambda: {
    memoryMb: 1024,
    timeoutSeconds: 10,
    tracing: true,
    throttleRateLimit: 500,
    throttleBurstLimit: 1000,
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
    natGateways: 1,
    albAccessLogs: true,
    containerInsights: true,
  },
};

export const STAGE_CONFIGS: Readonly<Record<StageName, StageConfig>> = { dev, prod };
