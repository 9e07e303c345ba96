import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IVpc, SecurityGroup, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { LambdaApiConfig } from '../config/stage-config.js';
import { acknowledgeLambdaBasics } from './lambda-acknowledgements.js';
import { workloadSecurityGroup } from './workload-security-group.js';

export interface LambdaApiProps {
  /** Directory holding the esbuild bundle `index.mjs` (dist/lambda/api after `npm run build`). */
  readonly bundleDir: string;
  readonly environment: Record<string, string>;
  readonly config: LambdaApiConfig;
  readonly logRetention: RetentionDays;
  /** The function runs in these subnets: they must have egress (Cognito's JWKS is on the internet). */
  readonly vpc: IVpc;
  readonly vpcSubnets: SubnetSelection;
}

/** One JSON line per request: enough to follow a request id from the client into the function's logs. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    method: '$context.httpMethod',
    path: '$context.path',
    status: '$context.status',
    latencyMs: '$context.responseLatency',
    integrationLatencyMs: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/**
 * The Hono app on Lambda (arm64) behind an HTTP API whose `$default` stage throttles per stage config.
 * The code is the prebuilt bundle, not NodejsFunction: that would run esbuild (or Docker) during synth.
 */
export class LambdaApi extends Construct {
  readonly function: LambdaFunction;
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: LambdaApiProps) {
    super(scope, id);
    const { config } = props;
    const logs = (logId: string) =>
      new LogGroup(this, logId, { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });

    this.securityGroup = workloadSecurityGroup(this, 'SecurityGroup', props.vpc, 'API function');

    this.function = new LambdaFunction(this, 'Function', {
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      code: Code.fromAsset(props.bundleDir),
      handler: 'index.handler',
      memorySize: config.memoryMb,
      timeout: Duration.seconds(config.timeoutSeconds),
      tracing: config.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      logGroup: logs('FunctionLogs'),
      environment: props.environment,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: [this.securityGroup],
    });

    this.api = new HttpApi(this, 'HttpApi', {
      description: 'Slimshop catalog API',
      // Throttling lives on a stage: create `$default` ourselves instead of the unthrottled built-in one.
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('App', this.function),
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.throttleRateLimit, burstLimit: config.throttleBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(logs('AccessLogs')),
        format: ACCESS_LOG_FORMAT,
      },
    });

    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'The app verifies Cognito JWTs itself (same rules on Lambda, ECS and locally) and the catalog reads are public; a gateway authorizer would block anonymous browsing.',
    });
    acknowledgeLambdaBasics(this.function, { inVpc: true });
    if (config.tracing) {
      Validations.of(this.function).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active tracing calls xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
      });
    }
  }
}
