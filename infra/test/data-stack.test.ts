import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { onlyResource, type SynthesizedVariant, synthVariant } from './synth-variant.js';

let dev: SynthesizedVariant;
let prod: SynthesizedVariant;

beforeAll(() => {
  dev = synthVariant({ compute: 'lambda', stage: 'dev' });
  prod = synthVariant({ compute: 'lambda', stage: 'prod' });
});

describe('stateful logical ids', () => {
  // Renaming any of these makes CloudFormation replace the resource: a new, empty table, bucket or user pool.
  it.each([
    ['AWS::DynamoDB::GlobalTable', 'CatalogTable'],
    ['AWS::S3::Bucket', 'ImageBucket'],
    ['AWS::Cognito::UserPool', 'UserPool'],
    ['AWS::Cognito::UserPoolClient', 'UserPoolClient'],
  ])('%s is pinned as %s', (type, logicalId) => {
    for (const { data } of [dev, prod]) expect(onlyResource(data, type).logicalId).toBe(logicalId);
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
    const bucket = (variant: SynthesizedVariant) => onlyResource(variant.data, 'AWS::S3::Bucket');
    expect(bucket(prod).properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket(prod).resource.DeletionPolicy).toBe('Retain');
    expect(bucket(dev).properties.VersioningConfiguration).toBeUndefined();
    expect(bucket(dev).resource.DeletionPolicy).toBe('Delete');
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
