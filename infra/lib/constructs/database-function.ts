import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { admitToDatabase, type DatabaseEndpoint, LAMBDA_CA_BUNDLE } from './database-access.js';
import { acknowledgeLambdaBasics } from './lambda-acknowledgements.js';
import type { ShopNetwork } from './shop-network.js';
import { jobDatabaseEnvironment } from './worker-environment.js';
import { workloadSecurityGroup } from './workload-security-group.js';

export interface DatabaseFunctionProps {
  /** dist/lambda/<name>: an esbuild bundle `index.mjs` without native modules. */
  readonly bundleDir: string;
  /** Who it is, in security group descriptions and rule comments ("the relay function"). */
  readonly what: string;
  /** Its own settings; the database's are added here. */
  readonly environment: Record<string, string>;
  readonly memoryMb: number;
  readonly timeout: Duration;
  readonly network: ShopNetwork;
  readonly database: DatabaseEndpoint;
  readonly logRetention: RetentionDays;
  /** Asynchronous invocations (schedules) only: retries before Lambda gives up on an event. */
  readonly retryAttempts?: number;
  readonly maxEventAge?: Duration;
}

/**
 * A small Lambda (arm64, nodejs22.x) that works on PostgreSQL: in the workload subnets with its own security
 * group, admitted to the proxy (or the writer) and allowed to sign IAM tokens for the app's user, one
 * connection per environment and never migrating (the API owns the schema).
 */
export class DatabaseFunction extends Construct {
  readonly function: LambdaFunction;
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: DatabaseFunctionProps) {
    super(scope, id);
    const { network, database } = props;
    this.securityGroup = workloadSecurityGroup(this, 'SecurityGroup', network.vpc, capitalise(props.what));
    this.function = new LambdaFunction(this, 'Function', {
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      code: Code.fromAsset(props.bundleDir),
      handler: 'index.handler',
      memorySize: props.memoryMb,
      timeout: props.timeout,
      environment: { ...jobDatabaseEnvironment(database, 1, LAMBDA_CA_BUNDLE), ...props.environment },
      vpc: network.vpc,
      vpcSubnets: network.workloadSubnets,
      securityGroups: [this.securityGroup],
      logGroup: new LogGroup(this, 'Logs', {
        retention: props.logRetention,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      retryAttempts: props.retryAttempts,
      maxEventAge: props.maxEventAge,
    });
    admitToDatabase(database, this.securityGroup, this.function, props.what);
    acknowledgeLambdaBasics(this.function, { inVpc: true });
  }
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
