import { Annotations, RemovalPolicy } from 'aws-cdk-lib';
import {
  FlowLogDestination,
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  Subnet,
  type SubnetSelection,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { NetworkConfig } from '../config/stage-config.js';
import { PublishedValue } from './published-value.js';

export interface ShopNetworkProps extends NetworkConfig {
  readonly logRetention: RetentionDays;
}

/**
 * One VPC for the database and every compute variant, in the data stack so that switching `-c compute=`
 * never moves the database. Three tiers: public (ALB, NAT), workload (Lambda, tasks; egress through NAT)
 * and database (cluster, proxy; no route out at all).
 */
export class ShopNetwork extends Construct {
  readonly vpc: Vpc;
  readonly workloadSubnets: SubnetSelection = { subnetGroupName: 'workload' };
  readonly databaseSubnets: SubnetSelection = { subnetGroupName: 'database' };
  /**
   * Only the container variants read the public subnets (their load balancer): published whatever reads
   * them, so the data stack's template does not change with the compute (published-value.ts).
   */
  private readonly publicSubnetIds: PublishedValue[];

  constructor(scope: Construct, id: string, props: ShopNetworkProps) {
    super(scope, id);
    if (!Number.isInteger(props.natGateways) || props.natGateways < 1) {
      // Without egress the API cannot fetch Cognito's JWKS, so every authenticated request would fail.
      throw new Error(
        `natGateways must be at least 1 (got ${props.natGateways}): the API needs egress for JWKS`,
      );
    }
    this.vpc = new Vpc(this, 'Vpc', {
      maxAzs: props.maxAzs,
      natGateways: props.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'workload', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: 'database', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      // Free gateway endpoints: table traffic and image layers (ECR stores them in S3) skip NAT charges.
      gatewayEndpoints: {
        DynamoDb: { service: GatewayVpcEndpointAwsService.DYNAMODB },
        S3: { service: GatewayVpcEndpointAwsService.S3 },
      },
    });
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
    this.publicSubnetIds = this.vpc.publicSubnets.map(
      (subnet, index) =>
        new PublishedValue(this, `PublicSubnet${index + 1}`, {
          outputName: `PublicSubnet${index + 1}Id`,
          value: subnet.subnetId,
        }),
    );
  }

  /** The public subnets as `scope`'s stack reads them, for an internet-facing load balancer there. */
  publicSubnetsFor(scope: Construct): SubnetSelection {
    const subnets = this.publicSubnetIds.map((published, index) => {
      const subnet = Subnet.fromSubnetAttributes(scope, `PublicSubnet${index + 1}`, {
        subnetId: published.valueFor(scope),
        availabilityZone: this.vpc.publicSubnets[index]?.availabilityZone,
      });
      Annotations.of(subnet).acknowledgeWarning(
        '@aws-cdk/aws-ec2:noSubnetRouteTableId',
        'A load balancer is placed in these subnets and reads nothing else of them; their routes stay in the data stack.',
      );
      return subnet;
    });
    return { subnets };
  }
}
