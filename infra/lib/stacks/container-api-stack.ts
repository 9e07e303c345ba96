import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ContainerCompute } from '../config/deploy-context.js';
import { ContainerApi } from '../constructs/container-api.js';
import { admitToDatabase, CONTAINER_CA_BUNDLE } from '../constructs/database-access.js';
import { addApiBackend } from './api-backend.js';
import { addMonitoring } from './api-monitoring.js';
import type { ApiStackProps } from './api-stack-props.js';

export interface ContainerApiStackProps extends ApiStackProps {
  readonly compute: ContainerCompute;
  readonly certificateArn?: string;
}

/** `compute=fargate|fargate-spot|ec2`: containers for steady load, billed per second or per instance. */
export class ContainerApiStack extends Stack {
  readonly api: ContainerApi;

  constructor(scope: Construct, id: string, props: ContainerApiStackProps) {
    super(scope, id, props);
    const { config, database } = props;
    const backend = addApiBackend(this, props, {
      databasePoolMax: config.container.databasePoolMax,
      caBundlePath: CONTAINER_CA_BUNDLE,
    });
    this.api = new ContainerApi(this, 'Api', {
      compute: props.compute,
      network: props.network,
      imageDirectory: props.imageDirectory,
      environment: backend.environment,
      config: config.container,
      logRetention: config.logRetention,
      certificateArn: props.certificateArn,
    });
    const { taskRole } = this.api.service.taskDefinition;
    backend.grant(taskRole);
    admitToDatabase(database, this.api.workload, taskRole);
    addMonitoring(this, props, backend, {
      kind: 'container',
      loadBalancerFullName: this.api.entry.loadBalancer.loadBalancerFullName,
      targetGroupFullName: this.api.targetGroup.targetGroupFullName,
    });

    backend.adminConsole.publish(this.api.entry.url);

    new CfnOutput(this, 'ApiUrl', { value: this.api.entry.url });
    new CfnOutput(this, 'AdminConsoleUrl', { value: backend.adminConsole.url });
  }
}
