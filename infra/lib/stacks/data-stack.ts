import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { IMAGE_KEYS } from '../config/image-keys.js';
import type { StageConfig } from '../config/stage-config.js';
import { CatalogTable } from '../constructs/catalog-table.js';
import type { DatabaseEndpoint } from '../constructs/database-access.js';
import { ImageBucket } from '../constructs/image-bucket.js';
import { ImageCdn } from '../constructs/image-cdn.js';
import { JobsBucket } from '../constructs/jobs-bucket.js';
import type { DatabaseIds } from '../constructs/monitoring.js';
import { ShopDatabase } from '../constructs/shop-database.js';
import { ShopNetwork } from '../constructs/shop-network.js';
import { ShopUsers } from '../constructs/shop-users.js';
import { StripeSecret } from '../constructs/stripe-secret.js';
import type { ShopAuth } from './api-stack-props.js';

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * Stateful resources, apart from the API so that switching `-c compute=` (or destroying the API stack)
 * never touches data. Removal policy and deletion protection come from the stage. The VPC lives here too:
 * the database sits in it, and every compute variant joins it.
 */
export class DataStack extends Stack {
  /** Export name of the table ARN: API stacks import it (constructs/table-access.ts). */
  readonly tableArnExport: string;
  readonly imageBucket: IBucket;
  /** Export names of the two buckets' names: API stacks import them (constructs/bucket-access.ts). */
  readonly imageBucketNameExport: string;
  /** Export name of the CDN's base URL for variant URLs (IMAGE_PUBLIC_BASE_URL). */
  readonly imagePublicBaseUrlExport: string;
  readonly jobsBucket: IBucket;
  readonly jobsBucketNameExport: string;
  readonly auth: ShopAuth;
  readonly network: ShopNetwork;
  readonly database: DatabaseEndpoint;
  /** Export name of the Stripe secret's ARN (STRIPE_SECRET_ARN): operators fill the secret in by hand. */
  readonly stripeSecretArnExport: string;
  /** What the API stack's alarms and dashboard watch of the database (constructs/monitoring.ts). */
  readonly databaseIds: DatabaseIds;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    const stateful = { removalPolicy: config.removalPolicy, deletionProtection: config.deletionProtection };

    const table = new CatalogTable(this, 'Catalog', stateful).table;
    this.tableArnExport = `${this.stackName}-CatalogTableArn`;
    this.imageBucket = new ImageBucket(this, 'Images', {
      removalPolicy: config.removalPolicy,
      ...config.images,
    }).bucket;
    this.imageBucketNameExport = `${this.stackName}-ImageBucketName`;
    const cdn = new ImageCdn(this, 'ImageCdn', {
      bucket: this.imageBucket,
      variantKeys: IMAGE_KEYS.variants,
    });
    this.imagePublicBaseUrlExport = `${this.stackName}-ImagePublicBaseUrl`;
    this.jobsBucket = new JobsBucket(this, 'Jobs', {
      removalPolicy: config.removalPolicy,
      filesExpireAfterDays: config.jobs.filesExpireAfterDays,
    }).bucket;
    this.jobsBucketNameExport = `${this.stackName}-JobsBucketName`;
    const users = new ShopUsers(this, 'Users', stateful);
    // The hosted UI the admin console signs in through (its app client lives with the console, in the API
    // stack, since its callback URL is the console's CloudFront address). Here because a prefix is the pool's.
    const hostedUi = users.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: config.adminConsole.cognitoDomainPrefix },
    });
    this.auth = {
      issuer: users.userPool.userPoolProviderUrl,
      audience: users.client.userPoolClientId,
      userPoolId: users.userPool.userPoolId,
      cognitoDomain: `${hostedUi.domainName}.auth.${this.region}.amazoncognito.com`,
    };
    this.network = new ShopNetwork(this, 'Network', { ...config.network, logRetention: config.logRetention });
    const database = new ShopDatabase(this, 'Database', {
      network: this.network,
      config: config.database,
      proxy: config.databaseProxy,
      deletionProtection: config.deletionProtection,
      logRetention: config.logRetention,
    });
    this.database = database.endpoint;
    this.databaseIds = {
      clusterIdentifier: database.cluster.clusterIdentifier,
      proxyName: database.proxy?.dbProxyName,
    };
    const stripe = new StripeSecret(this, 'Stripe', { removalPolicy: config.removalPolicy });
    this.stripeSecretArnExport = `${this.stackName}-StripeSecretArn`;

    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'TableArn', { value: table.tableArn, exportName: this.tableArnExport });
    new CfnOutput(this, 'ImageBucketName', {
      value: this.imageBucket.bucketName,
      exportName: this.imageBucketNameExport,
    });
    new CfnOutput(this, 'ImagePublicBaseUrl', {
      value: cdn.baseUrl,
      exportName: this.imagePublicBaseUrlExport,
      description: 'CloudFront in front of the image bucket: variant URLs start here',
    });
    new CfnOutput(this, 'JobsBucketName', {
      value: this.jobsBucket.bucketName,
      exportName: this.jobsBucketNameExport,
    });
    new CfnOutput(this, 'UserPoolId', { value: users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: users.client.userPoolClientId });
    // For operators: Query Editor and `aws rds-data` take the cluster ARN and the secret ARN.
    new CfnOutput(this, 'DatabaseClusterArn', { value: database.cluster.clusterArn });
    new CfnOutput(this, 'DatabaseSecretArn', { value: database.secret.secretArn });
    new CfnOutput(this, 'StripeSecretArn', {
      value: stripe.secret.secretArn,
      exportName: this.stripeSecretArnExport,
      description:
        'Put {"secretKey": "sk_…", "webhookSecret": "whsec_…"} here (aws secretsmanager put-secret-value)',
    });
    // What the API connects to: the proxy, or the writer in a stage without one.
    new CfnOutput(this, database.proxy ? 'DatabaseProxyEndpoint' : 'DatabaseWriterEndpoint', {
      value: database.endpoint.host,
    });
  }
}
