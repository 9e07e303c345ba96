import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGE_CONFIGS } from '../lib/config/stage-config.js';
import { ShopNetwork } from '../lib/constructs/shop-network.js';
import { onlyResource, resourceByPrefix, type SynthesizedVariant, synthVariant } from './synth-variant.js';

let dev: SynthesizedVariant;
let prod: SynthesizedVariant;

beforeAll(() => {
  dev = synthVariant({ compute: 'lambda', stage: 'dev' });
  prod = synthVariant({ compute: 'lambda', stage: 'prod' });
}, 120_000);

describe('stateful logical ids', () => {
  // Renaming any of these makes CloudFormation replace the resource: a new, empty table, bucket or user pool.
  it.each([
    ['AWS::DynamoDB::GlobalTable', 'CatalogTable'],
    ['AWS::Cognito::UserPool', 'UserPool'],
    ['AWS::Cognito::UserPoolClient', 'UserPoolClient'],
  ])('%s is pinned as %s', (type, logicalId) => {
    for (const { data } of [dev, prod]) expect(onlyResource(data, type).logicalId).toBe(logicalId);
  });

  it('pins both buckets', () => {
    for (const { data } of [dev, prod]) {
      expect(Object.keys(data.findResources('AWS::S3::Bucket')).sort()).toEqual([
        'ImageBucket',
        'JobsBucket',
      ]);
    }
  });

  it('pins both user groups', () => {
    const groups = dev.data.findResources('AWS::Cognito::UserPoolGroup');
    expect(Object.keys(groups).sort()).toEqual(['AdminGroup', 'CustomerGroup']);
  });
});

describe('catalog table', () => {
  it('is on-demand with point-in-time recovery and a TTL attribute in every stage', () => {
    for (const { data } of [dev, prod]) {
      data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        Replicas: [
          Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
        ],
      });
    }
  });

  it('is deletion-protected and retained in prod only', () => {
    const table = (variant: SynthesizedVariant) => onlyResource(variant.data, 'AWS::DynamoDB::GlobalTable');
    const replica = (variant: SynthesizedVariant) =>
      (table(variant).properties.Replicas as Array<Record<string, unknown>>)[0];
    expect(replica(prod)?.DeletionProtectionEnabled).toBe(true);
    expect(table(prod).resource.DeletionPolicy).toBe('Retain');
    expect(replica(dev)?.DeletionProtectionEnabled).toBe(false);
    expect(table(dev).resource.DeletionPolicy).toBe('Delete');
  });

  it('has the six catalog indexes, each projecting all attributes', () => {
    const { properties } = onlyResource(dev.data, 'AWS::DynamoDB::GlobalTable');
    const indexes = properties.GlobalSecondaryIndexes as Array<{ IndexName: string; Projection: unknown }>;
    expect(indexes.map((index) => index.IndexName).sort()).toEqual([
      'byCategoryCreated',
      'byCategoryName',
      'byCategoryPrice',
      'byStatusCreated',
      'byStatusName',
      'byStatusPrice',
    ]);
    for (const index of indexes) expect(index.Projection).toEqual({ ProjectionType: 'ALL' });
  });
});

describe('image bucket', () => {
  it('blocks public access, encrypts, and aborts incomplete uploads', () => {
    for (const { data } of [dev, prod]) {
      data.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: Match.anyValue() } }),
          ],
        },
      });
    }
  });

  it('refuses requests without TLS', () => {
    dev.data.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: 'ImageBucket' },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('is versioned and retained in prod, disposable in dev', () => {
    const bucket = (variant: SynthesizedVariant) =>
      resourceByPrefix(variant.data, 'AWS::S3::Bucket', 'ImageBucket');
    expect(bucket(prod).properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket(prod).resource.DeletionPolicy).toBe('Retain');
    expect(bucket(dev).properties.VersioningConfiguration).toBeUndefined();
    expect(bucket(dev).resource.DeletionPolicy).toBe('Delete');
  });
});

describe('browser uploads', () => {
  it('lets browsers PUT presigned uploads to the image and jobs buckets, and nothing else cross-origin', () => {
    for (const { data } of [dev, prod]) {
      for (const prefix of ['ImageBucket', 'JobsBucket']) {
        const { properties } = resourceByPrefix(data, 'AWS::S3::Bucket', prefix);
        expect(properties.CorsConfiguration).toEqual({
          CorsRules: [
            { AllowedMethods: ['PUT'], AllowedOrigins: ['*'], AllowedHeaders: ['*'], MaxAge: 3600 },
          ],
        });
      }
    }
  });
});

describe('image CDN', () => {
  it('serves the image bucket over HTTPS through origin access control, GET and HEAD only', () => {
    for (const { data } of [dev, prod]) {
      const { properties } = onlyResource(data, 'AWS::CloudFront::Distribution');
      const config = properties.DistributionConfig as {
        DefaultCacheBehavior: Record<string, unknown>;
        Origins: Array<{ DomainName: unknown; OriginAccessControlId?: unknown }>;
      };
      expect(config.DefaultCacheBehavior).toMatchObject({
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
      });
      expect(config.Origins).toHaveLength(1);
      expect(JSON.stringify(config.Origins[0]?.DomainName)).toContain('"Ref":"ImageBucket"');
      expect(config.Origins[0]?.OriginAccessControlId).toBeDefined();
    }
  });

  it("may read variants only: originals keep the uploader's metadata and are never served", () => {
    for (const { data } of [dev, prod]) {
      const policies = Object.values(data.findResources('AWS::S3::BucketPolicy')).filter(
        (policy) => JSON.stringify(policy.Properties.Bucket) === '{"Ref":"ImageBucket"}',
      );
      expect(policies).toHaveLength(1);
      const statements = policies[0]?.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>;
      const allows = statements.filter((statement) => statement.Effect === 'Allow');
      expect(allows).toHaveLength(1);
      expect(allows[0]).toMatchObject({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: {
          'Fn::Join': ['', [{ 'Fn::GetAtt': ['ImageBucket', 'Arn'] }, '/products/*/images/*/*/*']],
        },
      });
      // Scoped to this one distribution.
      expect(JSON.stringify(allows[0]?.Condition)).toContain('ImageCdnDistribution');
    }
  });

  it('publishes its URL as the base of variant URLs', () => {
    dev.data.hasOutput('ImagePublicBaseUrl', {
      Export: { Name: 'Slimshop-dev-Data-ImagePublicBaseUrl' },
      Value: {
        'Fn::Join': [
          '',
          ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^ImageCdnDistribution'), 'DomainName'] }],
        ],
      },
    });
  });
});

describe('jobs bucket', () => {
  it('is private, TLS only, encrypted, and expires job files after the stage days', () => {
    for (const variant of [dev, prod]) {
      const { properties, resource } = resourceByPrefix(variant.data, 'AWS::S3::Bucket', 'JobsBucket');
      const { jobs, removalPolicy } = STAGE_CONFIGS[variant === dev ? 'dev' : 'prod'];
      expect(properties).toMatchObject({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        LifecycleConfiguration: {
          Rules: [
            expect.objectContaining({
              Status: 'Enabled',
              ExpirationInDays: jobs.filesExpireAfterDays,
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            }),
          ],
        },
      });
      expect(resource.DeletionPolicy).toBe(removalPolicy === 'retain' ? 'Retain' : 'Delete');
      variant.data.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: 'JobsBucket' },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('publishes both bucket names as exports the API stack imports', () => {
    for (const name of ['ImageBucketName', 'JobsBucketName', 'ImagePublicBaseUrl']) {
      dev.data.hasOutput(name, { Export: { Name: `Slimshop-dev-Data-${name}` } });
    }
  });
});

describe('user pool', () => {
  it('has admin and customer groups, admin first', () => {
    dev.data.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'admin', Precedence: 0 });
    dev.data.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'customer', Precedence: 10 });
  });

  it('has a public app client (no secret) that browsers and the CLI can sign in with', () => {
    dev.data.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']),
    });
  });

  it('is deletion-protected in prod only', () => {
    prod.data.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
    expect(onlyResource(dev.data, 'AWS::Cognito::UserPool').properties.DeletionProtection).not.toBe('ACTIVE');
  });
});

type NetworkResources = Record<string, { Properties: Record<string, unknown> }>;

const subnetsOf = (variant: SynthesizedVariant, tier: string) =>
  Object.keys(variant.data.findResources('AWS::EC2::Subnet')).filter((id) => id.includes(`Vpc${tier}Subnet`));

/** Route-table ids of one tier's subnets, then the routes in those tables. */
function routesOf(variant: SynthesizedVariant, tier: string) {
  const associations = Object.values(
    variant.data.findResources('AWS::EC2::SubnetRouteTableAssociation') as NetworkResources,
  ).filter((association) => JSON.stringify(association.Properties.SubnetId).includes(`Vpc${tier}Subnet`));
  const tables = associations.map((association) => JSON.stringify(association.Properties.RouteTableId));
  return Object.values(variant.data.findResources('AWS::EC2::Route') as NetworkResources).filter((route) =>
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
