import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ContainerCompute } from '../config/deploy-context.js';
import { apiEnvironment } from '../constructs/api-environment.js';
import { ContainerApi } from '../constructs/container-api.js';
import { admitToDatabase } from '../constructs/database-access.js';
import { CatalogTableAccess } from '../constructs/table-access.js';
import type { ApiStackProps } from './api-stack-props.js';

export interface ContainerApiStackProps extends ApiStackProps {
  readonly compute: ContainerCompute;
  /** Directory holding the Dockerfile: the repository root. */
  readonly imageDirectory: string;
  readonly certificateArn?: string;
}

/** AWS's global RDS CA bundle, which the Dockerfile puts into the image. */
const CONTAINER_CA_BUNDLE = '/etc/ssl/certs/rds-global-bundle.pem';

/** `compute=fargate|fargate-spot|ec2`: containers for steady load, billed per second or per instance. */
export class ContainerApiStack extends Stack {
  readonly api: ContainerApi;

  constructor(scope: Construct, id: string, props: ContainerApiStackProps) {
    super(scope, id, props);
    const { config, database } = props;
    const catalog = new CatalogTableAccess(this, 'Catalog', { tableArnExport: props.tableArnExport });
    this.api = new ContainerApi(this, 'Api', {
      compute: props.compute,
      network: props.network,
      imageDirectory: props.imageDirectory,
      environment: apiEnvironment({
        tableName: catalog.table.tableName,
        auth: props.auth,
        config,
        database,
        databasePoolMax: config.container.databasePoolMax,
        caBundlePath: CONTAINER_CA_BUNDLE,
      }),
      config: config.container,
      logRetention: config.logRetention,
      certificateArn: props.certificateArn,
    });
    const { taskRole } = this.api.service.taskDefinition;
    catalog.grantReadWriteData(taskRole);
    admitToDatabase(database, this.api.workload, taskRole);

    new CfnOutput(this, 'ApiUrl', { value: this.api.entry.url });
  }
}
