import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { failureQueue } from './failure-queue.js';
import { acknowledgeLambdaBasics } from './lambda-acknowledgements.js';
import { type SharpRuntime, sharpFunctionCode } from './sharp-code.js';
import type { ShopNetwork } from './shop-network.js';
import { workloadSecurityGroup } from './workload-security-group.js';

/** Lambda's hard limit: the API sends a job here only when its estimate is well inside it (10 minutes). */
export const JOBS_FUNCTION_TIMEOUT = Duration.minutes(15);

export interface JobsFunctionProps {
  /** dist/lambda/job: the handler for `{ jobId }` (one recorded job). */
  readonly bundleDir: string;
  readonly sharp: SharpRuntime;
  readonly environment: Record<string, string>;
  readonly memoryMb: number;
  readonly network: ShopNetwork;
  readonly logRetention: RetentionDays;
}

/**
 * Short jobs, invoked asynchronously by the API (`InvocationType: Event`). In the VPC because sales-report
 * reads PostgreSQL; the jobs that do not pay only the ENI, which Lambda shares across environments.
 */
export class JobsFunction extends Construct {
  readonly function: LambdaFunction;
  readonly securityGroup: SecurityGroup;
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: JobsFunctionProps) {
    super(scope, id);
    this.securityGroup = workloadSecurityGroup(this, 'SecurityGroup', props.network.vpc, 'Jobs function');
    this.failures = failureQueue(this, 'FailedInvocations', 'the jobs function');
    this.function = new LambdaFunction(this, 'Function', {
      runtime: Runtime.NODEJS_22_X,
      architecture: props.sharp.architecture,
      code: sharpFunctionCode(props.bundleDir, props.sharp),
      handler: 'index.handler',
      memorySize: props.memoryMb,
      timeout: JOBS_FUNCTION_TIMEOUT,
      environment: props.environment,
      vpc: props.network.vpc,
      vpcSubnets: props.network.workloadSubnets,
      securityGroups: [this.securityGroup],
      logGroup: new LogGroup(this, 'Logs', {
        retention: props.logRetention,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      // One retry for a crashed or throttled environment: jobs are idempotent (a rerun imports nothing
      // twice). Not two: a run that hit the 15-minute wall would hit it again.
      retryAttempts: 1,
      maxEventAge: Duration.hours(1),
      onFailure: new SqsDestination(this.failures),
    });
    acknowledgeLambdaBasics(this.function, { inVpc: true });
  }
}
