import { RemovalPolicy } from 'aws-cdk-lib';
import {
  FlowLogDestination,
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  type SubnetSelection,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface ApiNetworkProps {
  /** 0: tasks get public IPs in public subnets (no NAT bill); otherwise private subnets behind NAT. */
  readonly natGateways: number;
  readonly logRetention: RetentionDays;
}

/** The VPC of the container variants: two AZs (an ALB needs two), DynamoDB reached through a free endpoint. */
export class ApiNetwork extends Construct {
  readonly vpc: Vpc;
  /** Where tasks (or instances) run, and whether they need a public IP to reach ECR and CloudWatch. */
  readonly workloadSubnets: SubnetSelection;
  readonly workloadsArePublic: boolean;

  constructor(scope: Construct, id: string, props: ApiNetworkProps) {
    super(scope, id);
    this.workloadsArePublic = props.natGateways === 0;
    this.vpc = new Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: props.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
        ...(this.workloadsArePublic
          ? []
          : [{ name: 'workload', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 }]),
      ],
      // Table traffic stays on the AWS network and skips NAT data-processing charges.
      gatewayEndpoints: { DynamoDb: { service: GatewayVpcEndpointAwsService.DYNAMODB } },
    });
    this.workloadSubnets = {
      subnetType: this.workloadsArePublic ? SubnetType.PUBLIC : SubnetType.PRIVATE_WITH_EGRESS,
    };
    // Rejected flows only: they answer "why can't X reach Y" at a fraction of the ingestion cost of ALL.
    this.vpc.addFlowLog('RejectedFlows', {
      trafficType: FlowLogTrafficType.REJECT,
      destination: FlowLogDestination.toCloudWatchLogs(
        new LogGroup(this, 'FlowLogs', {
          retention: props.logRetention,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
      ),
    });
  }
}
