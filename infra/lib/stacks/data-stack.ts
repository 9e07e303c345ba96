import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.js';
import type { ApiAuth } from '../constructs/api-environment.js';
import { CatalogTable } from '../constructs/catalog-table.js';
import { ImageBucket } from '../constructs/image-bucket.js';
import { ShopUsers } from '../constructs/shop-users.js';

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * Stateful resources, apart from the API so that switching `-c compute=` (or destroying the API stack)
 * never touches data. Removal policy and deletion protection come from the stage.
 */
export class DataStack extends Stack {
  /** Export name of the table ARN: API stacks import it (constructs/table-access.ts). */
  readonly tableArnExport: string;
  readonly imageBucket: IBucket;
  readonly auth: ApiAuth;

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
    const users = new ShopUsers(this, 'Users', stateful);
    this.auth = { issuer: users.userPool.userPoolProviderUrl, audience: users.client.userPoolClientId };

    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'TableArn', { value: table.tableArn, exportName: this.tableArnExport });
    new CfnOutput(this, 'ImageBucketName', { value: this.imageBucket.bucketName });
    new CfnOutput(this, 'UserPoolId', { value: users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: users.client.userPoolClientId });
  }
}
