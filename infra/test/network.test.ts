import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGE_CONFIGS } from '../lib/config/stage-config.js';
import { ShopNetwork } from '../lib/constructs/shop-network.js';
import { type SynthesizedVariant, synthVariant } from './synth-variant.js';

let dev: SynthesizedVariant;
let prod: SynthesizedVariant;

beforeAll(() => {
  dev = synthVariant({ compute: 'lambda', stage: 'dev' });
  prod = synthVariant({ compute: 'lambda', stage: 'prod' });
});

type Resources = Record<string, { Properties: Record<string, unknown> }>;

const subnetsOf = (variant: SynthesizedVariant, tier: string) =>
  Object.keys(variant.data.findResources('AWS::EC2::Subnet')).filter((id) => id.includes(`Vpc${tier}Subnet`));

/** Route-table ids of one tier's subnets, then the routes in those tables. */
function routesOf(variant: SynthesizedVariant, tier: string) {
  const associations = Object.values(
    variant.data.findResources('AWS::EC2::SubnetRouteTableAssociation') as Resources,
  ).filter((association) => JSON.stringify(association.Properties.SubnetId).includes(`Vpc${tier}Subnet`));
  const tables = associations.map((association) => JSON.stringify(association.Properties.RouteTableId));
  return Object.values(variant.data.findResources('AWS::EC2::Route') as Resources).filter((route) =>
    tables.includes(JSON.stringify(route.Properties.RouteTableId)),
  );
}

describe('VPC in the data stack', () => {
  it('spans the stage AZs with public, workload and database tiers', () => {
    for (const variant of [dev, prod]) {
      const { maxAzs } = STAGE_CONFIGS[variant === dev ? 'dev' : 'prod'].network;
      for (const tier of ['public', 'workload', 'database'])
        expect(subnetsOf(variant, tier)).toHaveLength(maxAzs);
    }
  });

  it('has the stage NAT gateways, in public subnets', () => {
    for (const variant of [dev, prod]) {
      const { natGateways } = STAGE_CONFIGS[variant === dev ? 'dev' : 'prod'].network;
      variant.data.resourceCountIs('AWS::EC2::NatGateway', natGateways);
      variant.data.hasResourceProperties('AWS::EC2::NatGateway', {
        SubnetId: { Ref: Match.stringLikeRegexp('VpcpublicSubnet') },
      });
    }
  });

  it('routes the workload tier out through NAT and gives the database tier no route out at all', () => {
    const workload = routesOf(dev, 'workload');
    expect(workload).toHaveLength(2);
    for (const route of workload) {
      expect(route.Properties).toMatchObject({
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: expect.anything(),
      });
    }
    expect(routesOf(dev, 'database')).toEqual([]);
  });

  it('reaches DynamoDB and S3 through free gateway endpoints', () => {
    for (const service of ['.dynamodb', '.s3']) {
      dev.data.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'Gateway',
        ServiceName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([service])] }),
      });
    }
  });

  it('logs rejected flows', () => {
    dev.data.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT' });
  });

  it('refuses a stage without NAT: the API in the VPC could not fetch the JWKS', () => {
    const stack = new Stack(new App(), 'NoNat');
    expect(
      () =>
        new ShopNetwork(stack, 'Network', { maxAzs: 2, natGateways: 0, logRetention: RetentionDays.ONE_DAY }),
    ).toThrow(/natGateways must be at least 1.*JWKS/);
  });
});
