import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ContainerCompute } from '../config/deploy-context.js';
import { apiEnvironment } from '../constructs/api-environment.js';
import { ApiNetwork } from '../constructs/api-network.js';
import { ContainerApi } from '../constructs/container-api.js';
import { CatalogTableAccess } from '../constructs/table-access.js';
import type { ApiStackProps } from './api-stack-props.js';

export interface ContainerApiStackProps extends ApiStackProps {
  readonly compute: ContainerCompute;
  /** Directory holding the Dockerfile: the repository root. */
  readonly imageDirectory: string;
  readonly certificateArn?: string;
}

/** `compute=fargate|fargate-spot|ec2`: containers for steady load, billed per second or per instance. */
export class ContainerApiStack extends Stack {
  readonly api: ContainerApi;

  constructor(scope: Construct, id: string, props: ContainerApiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const catalog = new CatalogTableAccess(this, 'Catalog', { tableArnExport: props.tableArnExport });
    const network = new ApiNetwork(this, 'Network', {
      natGateways: config.container.natGateways,
      logRetention: config.logRetention,
    });
    this.api = new ContainerApi(this, 'Api', {
      compute: props.compute,
      network,
      imageDirectory: props.imageDirectory,
      environment: apiEnvironment({ tableName: catalog.table.tableName, auth: props.auth, config }),
      config: config.container,
      logRetention: config.logRetention,
      certificateArn: props.certificateArn,
    });
    catalog.grantReadWriteData(this.api.service.taskDefinition.taskRole);

    new CfnOutput(this, 'ApiUrl', { value: this.api.entry.url });
  }
}
