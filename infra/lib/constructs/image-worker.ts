import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { IMAGE_KEYS } from '../config/image-keys.js';
import type { ImageWorkerConfig } from '../config/stage-config.js';
import type { BucketAccess } from './bucket-access.js';
import { failureQueue } from './failure-queue.js';
import { acknowledgeLambdaBasics } from './lambda-acknowledgements.js';
import { type SharpRuntime, sharpFunctionCode } from './sharp-code.js';
import type { CatalogTableAccess } from './table-access.js';

export interface ImageWorkerProps {
  readonly bundleDir: string;
  readonly sharp: SharpRuntime;
  readonly images: BucketAccess;
  readonly catalog: CatalogTableAccess;
  readonly environment: Record<string, string>;
  readonly config: ImageWorkerConfig;
  readonly logRetention: RetentionDays;
}

/**
 * The image Lambda (dist/lambda/image) on S3 ObjectCreated events for uploaded originals. Not in the VPC: it
 * talks to S3 and DynamoDB only, so it needs no NAT and starts without an ENI.
 */
export class ImageWorker extends Construct {
  readonly function: LambdaFunction;
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: ImageWorkerProps) {
    super(scope, id);
    const { config, images } = props;
    this.failures = failureQueue(this, 'FailedEvents', 'the image function');
    this.function = new LambdaFunction(this, 'Function', {
      runtime: Runtime.NODEJS_22_X,
      architecture: props.sharp.architecture,
      code: sharpFunctionCode(props.bundleDir, props.sharp),
      handler: 'index.handler',
      memorySize: config.memoryMb,
      timeout: Duration.seconds(config.timeoutSeconds),
      reservedConcurrentExecutions: config.reservedConcurrency,
      environment: props.environment,
      logGroup: new LogGroup(this, 'Logs', {
        retention: props.logRetention,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      // S3 invokes asynchronously: two retries (the handler dedupes repeated events), then the queue.
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.failures),
    });
    images.bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(this.function), {
      prefix: IMAGE_KEYS.prefix,
      suffix: IMAGE_KEYS.originalSuffix,
    });
    props.catalog.grantReadWriteData(this.function);
    // Read originals, write variants, delete what a re-upload or a deleted image left behind.
    images.grantObjects(this.function, {
      keys: IMAGE_KEYS.all,
      read: true,
      delete: true,
      listPrefix: 'products/',
    });
    images.grantObjects(this.function, { keys: IMAGE_KEYS.variants, write: true });

    acknowledgeLambdaBasics(this.function, { inVpc: false });
    acknowledgeNotificationHandler(Stack.of(this));
  }
}

/** CDK's singleton function that writes the bucket's notification configuration at deploy time. */
const NOTIFICATIONS_HANDLER_ID = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

function acknowledgeNotificationHandler(stack: Stack): void {
  const handler = stack.node.tryFindChild(NOTIFICATIONS_HANDLER_ID);
  if (!handler)
    throw new Error(`${NOTIFICATIONS_HANDLER_ID} not found: CDK renamed its notifications handler`);
  Validations.of(handler).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "CDK's bucket-notifications function writes only its own logs with the AWS-maintained basic execution policy.",
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "CDK's bucket-notifications function calls s3:PutBucketNotification, and CDK scopes its policy to no bucket; it runs only during deployments.",
    },
  );
}
