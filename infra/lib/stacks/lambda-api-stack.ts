import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { apiEnvironment } from '../constructs/api-environment.js';
import { LambdaApi } from '../constructs/lambda-api.js';
import { CatalogTableAccess } from '../constructs/table-access.js';
import type { ApiStackProps } from './api-stack-props.js';

export interface LambdaApiStackProps extends ApiStackProps {
  /** Directory holding the esbuild bundle `index.mjs`. */
  readonly bundleDir: string;
}

/** `compute=lambda`: pay per request, nothing running at idle. */
export class LambdaApiStack extends Stack {
  readonly api: LambdaApi;

  constructor(scope: Construct, id: string, props: LambdaApiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const catalog = new CatalogTableAccess(this, 'Catalog', { tableArnExport: props.tableArnExport });
    this.api = new LambdaApi(this, 'Api', {
      bundleDir: props.bundleDir,
      environment: apiEnvironment({ tableName: catalog.table.tableName, auth: props.auth, config }),
      config: config.lambda,
      logRetention: config.logRetention,
    });
    catalog.grantReadWriteData(this.api.function);

    new CfnOutput(this, 'ApiUrl', { value: this.api.stage.url });
  }
}
