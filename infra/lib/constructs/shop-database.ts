import { Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
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
import { type DatabaseEndpoint, grantDatabaseConnect } from './database-access.js';
import { DatabaseIamUser } from './database-iam-user.js';
import { PublishedValue } from './published-value.js';
import type { ShopNetwork } from './shop-network.js';
import { workloadSecurityGroup } from './workload-security-group.js';

/**
 * The app's database and its logins. Through the proxy the app logs in as the master user (the proxy holds
 * its secret and checks the app's IAM token); straight to the cluster it logs in as `iamUser`, a role with
 * `rds_iam`, because that role can no longer use a password and the master must keep one for rotation.
 */
export const DATABASE = { name: 'slimshop', user: 'slimshop', iamUser: 'slimshop_app', port: 5432 } as const;

/**
 * How long the proxy waits for a free database connection before failing the client's request. Well under
 * the API's timeout, so a database that is down or resuming answers 503 instead of hanging the request.
 */
const PROXY_BORROW_TIMEOUT = Duration.seconds(10);

export interface ShopDatabaseProps {
  readonly network: ShopNetwork;
  readonly config: DatabaseConfig;
  /** RDS Proxy in front of the cluster (the stage's `databaseProxy`). */
  readonly proxy: boolean;
  readonly deletionProtection: boolean;
  readonly logRetention: RetentionDays;
}

/**
 * Combinations that deploy but do not do what they say: a proxy keeps connections to the cluster open, so
 * auto-pause would never happen; without a proxy the app's login is created through the Data API.
 */
export function assertDatabaseAccess(config: DatabaseConfig, proxy: boolean): void {
  if (proxy && config.autoPauseMinutes !== undefined) {
    throw new Error(
      'database autoPauseMinutes with databaseProxy: RDS Proxy keeps connections open, so the cluster would never pause',
    );
  }
  if (!proxy && !config.dataApi) {
    throw new Error("databaseProxy false needs database.dataApi: the app's IAM login is created through it");
  }
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
 * Aurora PostgreSQL Serverless v2 in the isolated subnets, its master secret (rotated), and what every API
 * runtime connects to: RDS Proxy, or without one the writer endpoint (TLS and IAM tokens required either
 * way, so no runtime holds a password).
 */
export class ShopDatabase extends Construct {
  readonly cluster: DatabaseCluster;
  readonly proxy?: DatabaseProxy;
  readonly secret: ISecret;
  readonly endpoint: DatabaseEndpoint;

  constructor(scope: Construct, id: string, props: ShopDatabaseProps) {
    super(scope, id);
    const { network, config } = props;
    assertCapacity(config);
    assertDatabaseAccess(config, props.proxy);
    const { vpc } = network;

    // No egress: the database starts no connections. Ingress is added by the proxy and the rotation below.
    const clusterGroup = new SecurityGroup(this, 'ClusterSecurityGroup', {
      vpc,
      allowAllOutbound: false,
      description: props.proxy
        ? 'Aurora PostgreSQL: 5432 from the RDS Proxy and the secret rotation function only'
        : 'Aurora PostgreSQL: 5432 from the API and the secret rotation function only',
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

    this.endpoint = props.proxy ? this.addProxy(network) : this.directEndpoint();
    this.proxy = props.proxy ? (this.endpoint.target as DatabaseProxy) : undefined;

    this.acknowledgeFindings(props.deletionProtection, config);
  }

  private addProxy(network: ShopNetwork): DatabaseEndpoint {
    const proxyGroup = new SecurityGroup(this, 'ProxySecurityGroup', {
      vpc: network.vpc,
      allowAllOutbound: false,
      description: 'RDS Proxy: 5432 from the API only, 5432 out to the cluster only',
    });
    const proxy = new DatabaseProxy(this, 'Proxy', {
      proxyTarget: ProxyTarget.fromCluster(this.cluster),
      secrets: [this.secret],
      vpc: network.vpc,
      vpcSubnets: network.databaseSubnets,
      securityGroups: [proxyGroup],
      requireTLS: true,
      iamAuth: true,
      borrowTimeout: PROXY_BORROW_TIMEOUT,
    });
    // IAM names a proxy by the last field of its ARN (arn:<partition>:rds:<region>:<account>:db-proxy:prx-...).
    // Cut out here, where the ARN is this stack's own attribute, and published whole: the stacks that grant
    // rds-db:connect then never split a value they read from this one (published-value.ts says why).
    const resourceId = new PublishedValue(this, 'ProxyResourceId', {
      outputName: 'DatabaseProxyResourceId',
      value: Fn.select(6, Fn.split(':', proxy.dbProxyArn)),
      description: "The proxy's resource id (prx-...), which rds-db:connect policies name",
    });
    return {
      target: proxy,
      host: proxy.endpoint,
      port: DATABASE.port,
      name: DATABASE.name,
      user: DATABASE.user,
      grantConnect: (grantee) => grantDatabaseConnect(grantee, resourceId.valueFor(grantee), DATABASE.user),
      certificate: 'public',
    };
  }

  /**
   * The writer endpoint, for a stage without the proxy: nothing holds a connection while no request runs, so
   * a minimum of 0 ACU really pauses. The first request after a pause meets a resuming cluster (~15 s), longer
   * than the app's 2.5 s connect timeout: it gets 503 with Retry-After until the writer is up.
   */
  private directEndpoint(): DatabaseEndpoint {
    const { cluster } = this;
    const login = new DatabaseIamUser(this, 'AppUser', {
      cluster,
      secret: this.secret,
      database: DATABASE.name,
      masterUser: DATABASE.user,
      user: DATABASE.iamUser,
    });
    return {
      target: cluster,
      host: cluster.clusterEndpoint.hostname,
      port: DATABASE.port,
      name: DATABASE.name,
      user: login.user,
      // The cluster's resource id is an attribute of its own: it reaches other stacks whole.
      grantConnect: (grantee) => grantDatabaseConnect(grantee, cluster.clusterResourceIdentifier, login.user),
      certificate: 'rds-ca',
    };
  }

  private acknowledgeFindings(deletionProtection: boolean, config: DatabaseConfig): void {
    Validations.of(this.cluster).acknowledge({
      id: 'AwsSolutions-RDS11',
      reason:
        'A non-default port hides nothing from a scanner that is already inside the VPC; the isolated subnets and a security group that admits only the proxy (or, without one, the API) and the rotation function are the control.',
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
