import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  AuroraPostgresEngineVersion,
  type CfnDBCluster,
  ClusterInstance,
  Credentials,
  DatabaseCluster,
  DatabaseClusterEngine,
  DatabaseProxy,
  ProxyTarget,
} from 'aws-cdk-lib/aws-rds';
import type { CfnSecret, ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DatabaseConfig } from '../config/stage-config.js';
import type { DatabaseEndpoint } from './database-access.js';
import type { ShopNetwork } from './shop-network.js';
import { workloadSecurityGroup } from './workload-security-group.js';

/** The app's database and its one login: the master user, reached only through the proxy with an IAM token. */
export const DATABASE = { name: 'slimshop', user: 'slimshop', port: 5432 } as const;

/**
 * How long the proxy waits for a free database connection before failing the client's request. Well under
 * the API's timeout, so a database that is down or resuming answers 503 instead of hanging the request.
 */
const PROXY_BORROW_TIMEOUT = Duration.seconds(10);

export interface ShopDatabaseProps {
  readonly network: ShopNetwork;
  readonly config: DatabaseConfig;
  readonly deletionProtection: boolean;
  readonly logRetention: RetentionDays;
}

/** Serverless v2 capacity rules RDS would otherwise reject only at deploy time, twenty minutes in. */
export function assertCapacity({ minCapacity, maxCapacity, autoPauseMinutes }: DatabaseConfig): void {
  const halfSteps = (acu: number) => Number.isInteger(acu * 2);
  if (!halfSteps(minCapacity) || !halfSteps(maxCapacity) || minCapacity < 0 || maxCapacity > 256) {
    throw new Error(
      `database capacity must be 0-256 ACU in steps of 0.5 (got ${minCapacity}-${maxCapacity})`,
    );
  }
  if (maxCapacity < Math.max(1, minCapacity)) {
    throw new Error(`database maxCapacity ${maxCapacity} must be at least 1 ACU and at least minCapacity`);
  }
  if (autoPauseMinutes !== undefined && minCapacity !== 0) {
    throw new Error(
      'database autoPauseMinutes applies only with minCapacity 0: an instance above 0 ACU never pauses',
    );
  }
  if (autoPauseMinutes !== undefined && (autoPauseMinutes < 5 || autoPauseMinutes > 1440)) {
    throw new Error(`database autoPauseMinutes must be 5-1440 (got ${autoPauseMinutes})`);
  }
}

/**
 * Aurora PostgreSQL Serverless v2 in the isolated subnets, its master secret (rotated), and the RDS Proxy
 * every API runtime connects through (TLS and IAM tokens required, so no runtime holds a password).
 */
export class ShopDatabase extends Construct {
  readonly cluster: DatabaseCluster;
  readonly proxy: DatabaseProxy;
  readonly secret: ISecret;
  readonly endpoint: DatabaseEndpoint;

  constructor(scope: Construct, id: string, props: ShopDatabaseProps) {
    super(scope, id);
    const { network, config } = props;
    assertCapacity(config);
    const { vpc } = network;

    // No egress: the database starts no connections. Ingress is added by the proxy and the rotation below.
    const clusterGroup = new SecurityGroup(this, 'ClusterSecurityGroup', {
      vpc,
      allowAllOutbound: false,
      description: 'Aurora PostgreSQL: 5432 from the RDS Proxy and the secret rotation function only',
    });
    const instance = { publiclyAccessible: false, enablePerformanceInsights: config.performanceInsights };
    this.cluster = new DatabaseCluster(this, 'Cluster', {
      engine: DatabaseClusterEngine.auroraPostgres({ version: AuroraPostgresEngineVersion.VER_17_5 }),
      credentials: Credentials.fromGeneratedSecret(DATABASE.user),
      defaultDatabaseName: DATABASE.name,
      port: DATABASE.port,
      parameters: {
        // Every client, the proxy included, must use TLS; log statements slower than a second.
        'rds.force_ssl': '1',
        log_min_duration_statement: '1000',
      },
      vpc,
      vpcSubnets: network.databaseSubnets,
      securityGroups: [clusterGroup],
      writer: ClusterInstance.serverlessV2('Writer', instance),
      readers: Array.from({ length: config.readers }, (_, index) =>
        // Scales with the writer so a failover lands on an instance already sized for the load.
        ClusterInstance.serverlessV2(`Reader${index + 1}`, { ...instance, scaleWithWriter: true }),
      ),
      serverlessV2MinCapacity: config.minCapacity,
      serverlessV2MaxCapacity: config.maxCapacity,
      serverlessV2AutoPauseDuration:
        config.autoPauseMinutes === undefined ? undefined : Duration.minutes(config.autoPauseMinutes),
      storageEncrypted: true,
      iamAuthentication: true,
      deletionProtection: props.deletionProtection,
      removalPolicy: config.removalPolicy,
      backup: { retention: Duration.days(config.backupRetentionDays), preferredWindow: '03:00-04:00' },
      copyTagsToSnapshot: true,
      cloudwatchLogsExports: ['postgresql'],
      cloudwatchLogsRetention: props.logRetention,
      enablePerformanceInsights: config.performanceInsights,
      monitoringInterval:
        config.enhancedMonitoringSeconds > 0 ? Duration.seconds(config.enhancedMonitoringSeconds) : undefined,
      enableDataApi: config.dataApi,
    });
    // Pinned: a new logical ID would make CloudFormation create a new, empty cluster (and a new password).
    (this.cluster.node.defaultChild as CfnDBCluster).overrideLogicalId('DatabaseCluster');
    const generated = this.cluster.node.findChild('Secret');
    (generated.node.defaultChild as CfnSecret).overrideLogicalId('DatabaseSecret');
    // The secret opens every snapshot of this cluster: it stays whenever the data may stay.
    (generated.node.defaultChild as CfnSecret).applyRemovalPolicy(secretRemoval(config.removalPolicy));
    this.secret = this.cluster.secret as ISecret;

    // The rotation function runs in the workload subnets: it calls Secrets Manager's API through NAT.
    this.cluster.addRotationSingleUser({
      automaticallyAfter: Duration.days(config.rotationDays),
      vpcSubnets: network.workloadSubnets,
      securityGroup: workloadSecurityGroup(this, 'RotationSecurityGroup', vpc, 'Secret rotation function'),
    });

    const proxyGroup = new SecurityGroup(this, 'ProxySecurityGroup', {
      vpc,
      allowAllOutbound: false,
      description: 'RDS Proxy: 5432 from the API only, 5432 out to the cluster only',
    });
    this.proxy = new DatabaseProxy(this, 'Proxy', {
      proxyTarget: ProxyTarget.fromCluster(this.cluster),
      secrets: [this.secret],
      vpc,
      vpcSubnets: network.databaseSubnets,
      securityGroups: [proxyGroup],
      requireTLS: true,
      iamAuth: true,
      borrowTimeout: PROXY_BORROW_TIMEOUT,
    });
    this.endpoint = {
      proxy: this.proxy,
      host: this.proxy.endpoint,
      port: DATABASE.port,
      name: DATABASE.name,
      user: DATABASE.user,
    };

    this.acknowledgeFindings(props.deletionProtection, config);
  }

  private acknowledgeFindings(deletionProtection: boolean, config: DatabaseConfig): void {
    Validations.of(this.cluster).acknowledge({
      id: 'AwsSolutions-RDS11',
      reason:
        'A non-default port hides nothing from a scanner that is already inside the VPC; the isolated subnets and a security group that admits only the proxy and the rotation function are the control.',
    });
    if (!deletionProtection) {
      Validations.of(this.cluster).acknowledge({
        id: 'AwsSolutions-RDS10',
        reason:
          'Deletion protection is a stage switch: dev clusters are disposable and torn down with the stack; prod turns it on.',
      });
    }
    if (config.enhancedMonitoringSeconds > 0) {
      Validations.of(this.cluster).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
        reason:
          'The AWS-maintained enhanced monitoring policy only lets RDS write OS metrics to its own log group; a hand-copied equivalent would go stale.',
      });
    }
    // CDK's singleton that sets the retention of the log group RDS creates for the exported PostgreSQL log.
    const logRetention = Stack.of(this).node.tryFindChild('LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a');
    if (logRetention) {
      Validations.of(logRetention).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason:
            "CDK's log-retention function writes only its own logs with the AWS-maintained basic execution policy.",
        },
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'RDS names the exported log group after the cluster at deploy time, so the retention function cannot be scoped to a group ARN known at synth time.',
        },
      );
    }
  }
}

function secretRemoval(clusterRemoval: RemovalPolicy): RemovalPolicy {
  // Secrets Manager has no snapshot: keeping the cluster's snapshot means keeping its password.
  return clusterRemoval === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
}
