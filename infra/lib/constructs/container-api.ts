import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IConnectable } from 'aws-cdk-lib/aws-ec2';
import {
  type BaseService,
  Cluster,
  ContainerImage,
  ContainerInsights,
  LogDrivers,
} from 'aws-cdk-lib/aws-ecs';
import { ApplicationProtocol, type ApplicationTargetGroup } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV } from '../../../src/config/env-names.js';
import type { ContainerCompute } from '../config/deploy-context.js';
import type { ContainerApiConfig } from '../config/stage-config.js';
import { ApiLoadBalancer } from './api-load-balancer.js';
import { containerCapacity } from './container-capacity.js';
import type { ShopNetwork } from './shop-network.js';

/** The server's port (src/entrypoints/server.ts reads PORT); the ALB forwards here. */
export const CONTAINER_PORT = 3000;

/** Kept out of the image build context: large, generated, or secret-adjacent. */
export const IMAGE_EXCLUDES = ['node_modules', 'dist', 'cdk.out', '.data', '.git'];

export interface ContainerApiProps {
  readonly compute: ContainerCompute;
  readonly network: ShopNetwork;
  /** Directory holding the Dockerfile (the repository root). */
  readonly imageDirectory: string;
  readonly environment: Record<string, string>;
  readonly config: ContainerApiConfig;
  readonly logRetention: RetentionDays;
  readonly certificateArn?: string;
}

/**
 * The Node server in a container on ECS behind an ALB. Fargate, Fargate Spot and EC2 differ only in the
 * capacity underneath (container-capacity.ts); health check, drain and scaling are the same for all three.
 */
export class ContainerApi extends Construct {
  readonly cluster: Cluster;
  readonly service: BaseService;
  readonly entry: ApiLoadBalancer;
  /** Where the tasks' outbound connections come from: the task security group, or the EC2 instances'. */
  readonly workload: IConnectable;
  /** The load balancer's target group of the tasks (its healthy-host count is watched). */
  readonly targetGroup: ApplicationTargetGroup;

  constructor(scope: Construct, id: string, props: ContainerApiProps) {
    super(scope, id);
    const { config, network } = props;

    this.cluster = new Cluster(this, 'Cluster', {
      vpc: network.vpc,
      containerInsightsV2: config.containerInsights ? ContainerInsights.ENABLED : ContainerInsights.DISABLED,
    });
    if (!config.containerInsights) {
      Validations.of(this.cluster).acknowledge({
        id: 'AwsSolutions-ECS4',
        reason:
          'Container Insights is a stage switch (containerInsights): its per-task metrics are billed, so dev relies on the free service-level CPU and memory metrics.',
      });
    }

    const capacity = containerCapacity(this, props.compute, { cluster: this.cluster, network, config });
    const drain = Duration.seconds(config.drainSeconds);
    const container = capacity.taskDefinition.addContainer('App', {
      image: ContainerImage.fromAsset(props.imageDirectory, {
        exclude: IMAGE_EXCLUDES,
        platform: capacity.imagePlatform,
      }),
      // On EC2 these reserve room on the instance; on Fargate the task size above is the limit.
      cpu: config.cpu,
      memoryLimitMiB: config.memoryMiB,
      portMappings: [{ containerPort: CONTAINER_PORT, hostPort: capacity.hostPort }],
      environment: {
        ...props.environment,
        // Lambda sets AWS_REGION itself; ECS on EC2 does not.
        [ENV.region]: Stack.of(this).region,
        [ENV.port]: String(CONTAINER_PORT),
        [ENV.shutdownGraceMs]: String(drain.toMilliseconds()),
      },
      // SIGKILL only after the server's own drain has had its full time.
      stopTimeout: drain.plus(Duration.seconds(5)),
      logging: LogDrivers.awsLogs({
        streamPrefix: 'api',
        logGroup: new LogGroup(this, 'Logs', {
          retention: props.logRetention,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
      }),
    });
    Validations.of(capacity.taskDefinition.obtainExecutionRole()).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Pulling the image needs ecr:GetAuthorizationToken, which supports no resource-level permissions.',
    });
    Validations.of(capacity.taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason:
        'The environment holds only non-secret settings (table name, Cognito issuer and client id, database proxy host and user, CORS origins, log level, port, the event bus, the ARN of the Stripe secret the app reads itself); the app signs IAM tokens for the database, so there is no password to inject.',
    });

    this.service = capacity.createService('Service', {
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { rollback: true },
      healthCheckGracePeriod: Duration.seconds(30),
    });
    this.workload = capacity.workload(this.service);

    this.entry = new ApiLoadBalancer(this, 'Entry', {
      vpc: network.vpc,
      subnets: network.publicSubnetsFor(this),
      certificateArn: props.certificateArn,
      accessLogs: config.albAccessLogs,
      accessLogRetentionDays: props.logRetention,
    });
    capacity.admitLoadBalancer(this.entry.loadBalancer);
    const targetGroup = this.entry.listener.addTargets('App', {
      protocol: ApplicationProtocol.HTTP,
      targets: [this.service.loadBalancerTarget({ containerName: container.containerName })],
      healthCheck: {
        path: '/health',
        healthyHttpCodes: '200',
        interval: Duration.seconds(15),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
      // The ALB stops routing to a stopping task for exactly as long as the server drains (SHUTDOWN_GRACE_MS).
      deregistrationDelay: drain,
    });
    this.targetGroup = targetGroup;

    const scaling = this.service.autoScaleTaskCount({
      minCapacity: config.minTasks,
      maxCapacity: config.maxTasks,
    });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: config.cpuTargetPercent });
    scaling.scaleOnRequestCount('Requests', { requestsPerTarget: config.requestsPerTarget, targetGroup });
  }
}
