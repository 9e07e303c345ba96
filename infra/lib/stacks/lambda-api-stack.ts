import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { admitToDatabase, LAMBDA_CA_BUNDLE } from '../constructs/database-access.js';
import { LambdaApi } from '../constructs/lambda-api.js';
import { addApiBackend } from './api-backend.js';
import { addMonitoring } from './api-monitoring.js';
import type { ApiStackProps } from './api-stack-props.js';

export interface LambdaApiStackProps extends ApiStackProps {
  /** Directory holding the esbuild bundle `index.mjs`. */
  readonly bundleDir: string;
}

/**
 * `compute=lambda`: pay per request. The function runs in the VPC to reach PostgreSQL through RDS Proxy, or
 * straight to the writer in a stage without one (docs/adr/0001-lambda-to-postgres.md, 0003).
 */
export class LambdaApiStack extends Stack {
  readonly api: LambdaApi;

  constructor(scope: Construct, id: string, props: LambdaApiStackProps) {
    super(scope, id, props);
    const { config, database } = props;
    const backend = addApiBackend(this, props, {
      databasePoolMax: config.lambda.databasePoolMax,
      caBundlePath: LAMBDA_CA_BUNDLE,
    });
    this.api = new LambdaApi(this, 'Api', {
      bundleDir: props.bundleDir,
      environment: backend.environment,
      config: config.lambda,
      logRetention: config.logRetention,
      vpc: props.network.vpc,
      vpcSubnets: props.network.workloadSubnets,
    });
    backend.grant(this.api.function);
    admitToDatabase(database, this.api.function, this.api.function);
    addMonitoring(this, props, backend, {
      kind: 'lambda',
      function: this.api.function,
      apiId: this.api.api.apiId,
      stageName: this.api.stage.stageName,
    });

    backend.adminConsole.publish(this.api.stage.url);

    new CfnOutput(this, 'ApiUrl', { value: this.api.stage.url });
    new CfnOutput(this, 'AdminConsoleUrl', { value: backend.adminConsole.url });
  }
}
