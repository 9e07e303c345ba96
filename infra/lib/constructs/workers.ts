import { CfnOutput, Fn, Stack, Validations } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct, type IConstruct } from 'constructs';
import { ENV } from '../../../src/config/env-names.js';
import { IMAGE_KEYS } from '../config/image-keys.js';
import type { StageConfig } from '../config/stage-config.js';
import { BatchJobs } from './batch-jobs.js';
import { BucketAccess } from './bucket-access.js';
import {
  admitToDatabase,
  CONTAINER_CA_BUNDLE,
  type DatabaseEndpoint,
  LAMBDA_CA_BUNDLE,
} from './database-access.js';
import { ImageWorker } from './image-worker.js';
import { JobsFunction } from './jobs-function.js';
import type { SharpRuntime } from './sharp-code.js';
import type { ShopNetwork } from './shop-network.js';
import { grantStripeSecret, paymentsEnvironment } from './stripe-secret.js';
import type { CatalogTableAccess } from './table-access.js';
import { jobDatabaseEnvironment, workerEnvironment } from './worker-environment.js';

/** Connections per Batch container: a job streams through one or two at a time. */
const BATCH_POOL_MAX = 2;

export interface WorkerBundles {
  /** dist/lambda/image */
  readonly image: string;
  /** dist/lambda/job */
  readonly job: string;
  /** dist/lambda/relay: the order event outbox's sweep */
  readonly relay: string;
  /** dist/lambda/email: order emails from the SQS queue */
  readonly email: string;
}

export interface WorkersProps {
  readonly config: StageConfig;
  readonly catalog: CatalogTableAccess;
  readonly imageBucketNameExport: string;
  /** The data stack's export of the image CDN's URL: the base of every variant URL. */
  readonly imagePublicBaseUrlExport: string;
  readonly jobsBucketNameExport: string;
  /** The Stripe secret (imported): jobs refund through Stripe (cancel-unpaid-orders). */
  readonly stripeSecretArn: string;
  readonly network: ShopNetwork;
  readonly database: DatabaseEndpoint;
  /** The Docker build context of the job image (the repository root). */
  readonly imageDirectory: string;
  readonly bundles: WorkerBundles;
  readonly sharp: SharpRuntime;
}

/**
 * Everything besides the API that runs the shop's code: the image Lambda on uploads, the jobs
 * Lambda, and AWS Batch. They live in the API stack, not a stack of their own, so a deployment that
 * replaces a job definition (a new image) updates the API's exact job-definition ARNs in the same
 * CloudFormation update: a cross-stack export of a changing ARN would block that update.
 */
export class Workers extends Construct {
  readonly images: BucketAccess;
  readonly jobFiles: BucketAccess;
  readonly imageWorker: ImageWorker;
  readonly batch: BatchJobs;
  readonly jobsFunction: JobsFunction;
  private readonly catalog: CatalogTableAccess;
  private readonly imagePublicBaseUrl: string;
  private readonly stripeSecretArn: string;

  constructor(scope: Construct, id: string, props: WorkersProps) {
    super(scope, id);
    const { config, catalog, database, network } = props;
    this.catalog = catalog;
    this.stripeSecretArn = props.stripeSecretArn;
    this.images = new BucketAccess(this, 'ImageBucket', {
      bucketNameExport: props.imageBucketNameExport,
      holds: 'product images',
    });
    this.jobFiles = new BucketAccess(this, 'JobsBucket', {
      bucketNameExport: props.jobsBucketNameExport,
      holds: 'job inputs, exports and reports',
    });
    this.imagePublicBaseUrl = Fn.importValue(props.imagePublicBaseUrlExport);
    const base = workerEnvironment({
      tableName: catalog.table.tableName,
      imageBucket: this.images.bucket.bucketName,
      imagePublicBaseUrl: this.imagePublicBaseUrl,
      jobsBucket: this.jobFiles.bucket.bucketName,
      config,
    });

    this.imageWorker = new ImageWorker(this, 'ImageWorker', {
      bundleDir: props.bundles.image,
      sharp: props.sharp,
      images: this.images,
      catalog,
      environment: base,
      config: config.imageWorker,
      logRetention: config.logRetention,
    });

    this.batch = new BatchJobs(this, 'Batch', {
      network,
      imageDirectory: props.imageDirectory,
      environment: {
        ...base,
        ...jobDatabaseEnvironment(database, BATCH_POOL_MAX, CONTAINER_CA_BUNDLE),
        ...paymentsEnvironment(props.stripeSecretArn),
      },
      config: config.jobs,
      logRetention: config.logRetention,
    });
    this.grantJobAccess(this.batch.jobRole);
    admitToDatabase(database, this.batch.workload, this.batch.jobRole, 'Batch jobs (sales-report)');

    this.jobsFunction = new JobsFunction(this, 'JobsFunction', {
      bundleDir: props.bundles.job,
      sharp: props.sharp,
      environment: {
        ...base,
        ...jobDatabaseEnvironment(database, 1, LAMBDA_CA_BUNDLE),
        ...paymentsEnvironment(props.stripeSecretArn),
      },
      memoryMb: config.jobs.lambdaMemoryMb,
      network,
      logRetention: config.logRetention,
    });
    this.grantJobAccess(this.jobsFunction.function);
    admitToDatabase(
      database,
      this.jobsFunction.securityGroup,
      this.jobsFunction.function,
      'the jobs function (sales-report)',
    );
    this.addOutputs();
  }

  /**
   * What the API needs to hand out uploads and start jobs (src/config/env-names.ts). JOB_DEFINITION_ARNS
   * maps each job name to its definition's `Ref`, which is the ARN with its revision.
   */
  apiEnvironment(): Record<string, string> {
    const arns = Object.fromEntries(
      [...this.batch.definitions].map(([name, definition]) => [name, definition.jobDefinitionArn]),
    );
    return {
      [ENV.imageBucket]: this.images.bucket.bucketName,
      [ENV.imagePublicBaseUrl]: this.imagePublicBaseUrl,
      [ENV.jobsBucket]: this.jobFiles.bucket.bucketName,
      [ENV.jobsQueueArn]: this.batch.queue.jobQueueArn,
      [ENV.jobDefinitionArns]: Stack.of(this).toJsonString(arns),
      [ENV.jobsFunctionName]: this.jobsFunction.function.functionName,
    };
  }

  /**
   * The API presigns uploads of originals (never variants), deletes a product's image files, reads job
   * inputs to estimate a job, submits to the queue by exact definition ARN and invokes the jobs function.
   */
  grantApi(grantee: IGrantable & IConstruct): void {
    this.images.grantObjects(grantee, { keys: IMAGE_KEYS.originals, write: true });
    this.images.grantObjects(grantee, { keys: IMAGE_KEYS.all, delete: true, listPrefix: IMAGE_KEYS.prefix });
    this.jobFiles.grantObjects(grantee, { keys: '*', read: true, write: true, listPrefix: '' });
    this.batch.grantSubmit(grantee);
    const jobs = this.jobsFunction.function;
    jobs.grantInvoke(grantee);
    const logicalId = Stack.of(jobs).resolve((jobs.node.defaultChild as CfnFunction).logicalId);
    Validations.of(grantee).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
      reason:
        "grantInvoke covers the jobs function's versions and aliases (`<arn>:*`); the wildcard stays on that one function.",
    });
  }

  /**
   * What a job may touch, on Batch or Lambda alike: the table, every image file, every job file, and the
   * Stripe secret (cancel-unpaid-orders refunds late payments).
   */
  private grantJobAccess(grantee: IGrantable & IConstruct): void {
    this.catalog.grantReadWriteData(grantee);
    grantStripeSecret(grantee, this.stripeSecretArn);
    this.images.grantObjects(grantee, {
      keys: IMAGE_KEYS.all,
      read: true,
      delete: true,
      listPrefix: IMAGE_KEYS.prefix,
    });
    this.images.grantObjects(grantee, { keys: IMAGE_KEYS.variants, write: true });
    this.jobFiles.grantObjects(grantee, { keys: '*', read: true, write: true, listPrefix: '' });
  }

  private addOutputs(): void {
    const output = (id: string, value: string, description: string) =>
      new CfnOutput(Stack.of(this), id, { value, description });
    output('ImageFunctionName', this.imageWorker.function.functionName, 'The image Lambda (S3 uploads)');
    output(
      'JobsQueueArn',
      this.batch.queue.jobQueueArn,
      'Batch queue the API submits to (Fargate Spot, then Fargate)',
    );
    output('BulkQueueArn', this.batch.bulkQueue.jobQueueArn, 'Batch queue on EC2 Spot for operators');
    output(
      'BulkReoptimizeImagesDefinitionArn',
      this.batch.bulkReoptimizeImages.jobDefinitionArn,
      'reoptimize-images on EC2 Spot (submit to BulkQueueArn, e.g. as an array job)',
    );
    output('JobsFunctionName', this.jobsFunction.function.functionName, 'The jobs Lambda (short jobs)');
  }
}
