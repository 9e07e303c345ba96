import type { App } from 'aws-cdk-lib';
import type { DeployContext } from './config/deploy-context.js';
import type { SharpRuntime } from './constructs/sharp-code.js';
import type { WorkerBundles } from './constructs/workers.js';
import { ContainerApiStack } from './stacks/container-api-stack.js';
import { DataStack } from './stacks/data-stack.js';
import { LambdaApiStack } from './stacks/lambda-api-stack.js';

export interface SlimshopProps {
  readonly deploy: DeployContext;
  /** The esbuild bundle for `compute=lambda`. */
  readonly lambdaBundleDir: string;
  /** The Docker build context for the container variants and the Batch job image. */
  readonly imageDirectory: string;
  /** The image Lambda's and the jobs Lambda's bundles. */
  readonly workerBundles: WorkerBundles;
  readonly sharp: SharpRuntime;
  /**
   * Target region (the CLI passes CDK_DEFAULT_REGION). The account stays generic on purpose: no lookups,
   * so synth needs no credentials and gives the same template everywhere. ALB access logs need the region.
   */
  readonly region?: string;
}

export interface SlimshopStacks {
  readonly data: DataStack;
  readonly api: LambdaApiStack | ContainerApiStack;
}

/**
 * The whole deployment: `Slimshop-<stage>-Data` (stateful) and `Slimshop-<stage>-Api`. Every compute variant
 * uses the same API stack name, so switching `-c compute=` replaces the API in place and leaves data alone.
 */
export function addSlimshop(
  app: App,
  { deploy, lambdaBundleDir, imageDirectory, workerBundles, sharp, region }: SlimshopProps,
): SlimshopStacks {
  const { config, compute } = deploy;
  const env = region ? { region } : undefined;
  const prefix = `Slimshop-${config.stage}`;
  const tags = { project: 'slimshop', stage: config.stage };
  const data = new DataStack(app, `${prefix}-Data`, {
    env,
    config,
    tags,
    description: `Slimshop ${config.stage}: VPC, catalog table, image and jobs buckets, Cognito user pool, Aurora PostgreSQL, Stripe secret`,
  });
  const shared = {
    env,
    config,
    tableArnExport: data.tableArnExport,
    auth: data.auth,
    network: data.network,
    database: data.database,
    databaseIds: data.databaseIds,
    imageBucketNameExport: data.imageBucketNameExport,
    imagePublicBaseUrlExport: data.imagePublicBaseUrlExport,
    jobsBucketNameExport: data.jobsBucketNameExport,
    stripeSecretArnExport: data.stripeSecretArnExport,
    imageDirectory,
    workerBundles,
    sharp,
    tags: { ...tags, compute },
  };
  const description = `Slimshop ${config.stage}: catalog API on ${compute}, image Lambda, jobs on Lambda and AWS Batch, order events and emails`;
  const api =
    compute === 'lambda'
      ? new LambdaApiStack(app, `${prefix}-Api`, { ...shared, description, bundleDir: lambdaBundleDir })
      : new ContainerApiStack(app, `${prefix}-Api`, {
          ...shared,
          description,
          compute,
          certificateArn: deploy.certificateArn,
        });
  // The table arrives through Fn::ImportValue, which orders nothing by itself.
  api.addStackDependency(data, "the API imports the catalog table's ARN and joins the data stack's VPC");
  return { data, api };
}
