import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseConfig, STAGE_CONFIGS } from '../lib/config/stage-config.js';
import { iamUserSql } from '../lib/constructs/database-iam-user.js';
import { assertCapacity, assertDatabaseAccess } from '../lib/constructs/shop-database.js';
import { STRIPE_SECRET_LOGICAL_ID } from '../lib/constructs/stripe-secret.js';
import { onlyResource, type SynthesizedVariant, synthVariant } from './synth-variant.js';

let dev: SynthesizedVariant;
let prod: SynthesizedVariant;

beforeAll(() => {
  dev = synthVariant({ compute: 'lambda', stage: 'dev' });
  prod = synthVariant({ compute: 'lambda', stage: 'prod' });
}, 120_000);

const stageOf = (variant: SynthesizedVariant) => (variant === dev ? 'dev' : 'prod');
/** The one resource of a type that belongs to the database: the data stack also holds the Stripe secret. */
function ofDatabase(template: Template, type: string) {
  const found = Object.entries(template.findResources(type)).filter(
    ([logicalId]) => logicalId !== STRIPE_SECRET_LOGICAL_ID,
  );
  expect(found, type).toHaveLength(1);
  const [logicalId, resource] = found[0] as [string, Record<string, unknown>];
  return { logicalId, resource };
}
const cluster = (variant: SynthesizedVariant) => onlyResource(variant.data, 'AWS::RDS::DBCluster');
const proxy = (variant: SynthesizedVariant) => onlyResource(variant.data, 'AWS::RDS::DBProxy').properties;

describe('stateful logical ids', () => {
  // Renaming either makes CloudFormation replace it: an empty database, or a password nobody knows.
  it.each([
    ['AWS::RDS::DBCluster', 'DatabaseCluster'],
    ['AWS::SecretsManager::Secret', 'DatabaseSecret'],
  ])('%s is pinned as %s', (type, logicalId) => {
    for (const { data } of [dev, prod]) expect(ofDatabase(data, type).logicalId).toBe(logicalId);
  });

  it('the Stripe secret is pinned as StripeSecret, its values entered by operators', () => {
    for (const { data } of [dev, prod]) {
      expect(Object.keys(data.findResources('AWS::SecretsManager::Secret'))).toContain('StripeSecret');
    }
  });
});

describe('Aurora PostgreSQL Serverless v2', () => {
  it('runs PostgreSQL 17 on db.serverless instances, encrypted, with IAM authentication', () => {
    for (const variant of [dev, prod]) {
      expect(cluster(variant).properties).toMatchObject({
        Engine: 'aurora-postgresql',
        EngineVersion: expect.stringMatching(/^17\./),
        StorageEncrypted: true,
        EnableIAMDatabaseAuthentication: true,
        DatabaseName: 'slimshop',
        MasterUsername: 'slimshop',
        Port: 5432,
        EnableCloudwatchLogsExports: ['postgresql'],
      });
      for (const instance of Object.values(variant.data.findResources('AWS::RDS::DBInstance'))) {
        expect(instance.Properties).toMatchObject({
          DBInstanceClass: 'db.serverless',
          PubliclyAccessible: false,
        });
      }
    }
  });

  it('scales between the stage minimum and maximum; dev scales to zero and pauses when idle', () => {
    expect(cluster(dev).properties.ServerlessV2ScalingConfiguration).toEqual({
      MinCapacity: 0,
      MaxCapacity: STAGE_CONFIGS.dev.database.maxCapacity,
      SecondsUntilAutoPause: (STAGE_CONFIGS.dev.database.autoPauseMinutes as number) * 60,
    });
    expect(cluster(prod).properties.ServerlessV2ScalingConfiguration).toEqual({
      MinCapacity: STAGE_CONFIGS.prod.database.minCapacity,
      MaxCapacity: STAGE_CONFIGS.prod.database.maxCapacity,
    });
    expect(STAGE_CONFIGS.prod.database.minCapacity).toBeGreaterThanOrEqual(0.5);
  });

  it('requires TLS from every client through the cluster parameter group', () => {
    dev.data.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Parameters: Match.objectLike({ 'rds.force_ssl': '1' }),
    });
  });

  it('keeps prod: deletion protection, two weeks of backups, a final snapshot, a failover reader', () => {
    expect(cluster(prod).properties).toMatchObject({
      DeletionProtection: true,
      BackupRetentionPeriod: STAGE_CONFIGS.prod.database.backupRetentionDays,
    });
    expect(cluster(prod).resource.DeletionPolicy).toBe('Snapshot');
    expect(ofDatabase(prod.data, 'AWS::SecretsManager::Secret').resource.DeletionPolicy).toBe('Retain');
    prod.data.resourceCountIs('AWS::RDS::DBInstance', 1 + STAGE_CONFIGS.prod.database.readers);
    expect(STAGE_CONFIGS.prod.database.backupRetentionDays).toBeGreaterThanOrEqual(7);

    expect(cluster(dev).properties.DeletionProtection).toBe(false);
    expect(cluster(dev).resource.DeletionPolicy).toBe('Delete');
    dev.data.resourceCountIs('AWS::RDS::DBInstance', 1);
  });

  it('turns performance insights and enhanced monitoring on as the stage says', () => {
    for (const variant of [dev, prod]) {
      const config = STAGE_CONFIGS[stageOf(variant)].database;
      for (const instance of Object.values(variant.data.findResources('AWS::RDS::DBInstance'))) {
        expect(instance.Properties.EnablePerformanceInsights).toBe(config.performanceInsights);
        expect(instance.Properties.MonitoringInterval).toBe(
          config.enhancedMonitoringSeconds > 0 ? config.enhancedMonitoringSeconds : undefined,
        );
      }
    }
  });

  it('lives in the isolated database subnets', () => {
    const { properties } = onlyResource(dev.data, 'AWS::RDS::DBSubnetGroup');
    expect(JSON.stringify(properties.SubnetIds)).toMatch(/VpcdatabaseSubnet1.*VpcdatabaseSubnet2/);
  });
});

describe('master secret', () => {
  it('rotates on the stage schedule, from a function in the workload subnets', () => {
    for (const variant of [dev, prod]) {
      const { properties } = onlyResource(variant.data, 'AWS::SecretsManager::RotationSchedule');
      expect(properties.RotationRules).toEqual({
        ScheduleExpression: `rate(${STAGE_CONFIGS[stageOf(variant)].database.rotationDays} days)`,
      });
      const rotation = onlyResource(variant.data, 'AWS::Serverless::Application').properties;
      expect(JSON.stringify((rotation.Parameters as Record<string, unknown>).vpcSubnetIds)).toContain(
        'VpcworkloadSubnet',
      );
    }
  });
});

describe('RDS Proxy (prod)', () => {
  it('is in prod only: dev has none, so nothing holds the paused cluster awake', () => {
    expect(STAGE_CONFIGS.prod.databaseProxy).toBe(true);
    expect(STAGE_CONFIGS.dev.databaseProxy).toBe(false);
    prod.data.resourceCountIs('AWS::RDS::DBProxy', 1);
    dev.data.resourceCountIs('AWS::RDS::DBProxy', 0);
    dev.data.resourceCountIs('AWS::RDS::DBProxyTargetGroup', 0);
  });

  it('requires TLS and IAM tokens, and logs in to the cluster with the rotated secret', () => {
    for (const variant of [prod]) {
      expect(proxy(variant)).toMatchObject({
        EngineFamily: 'POSTGRESQL',
        RequireTLS: true,
        Auth: [{ AuthScheme: 'SECRETS', IAMAuth: 'REQUIRED', SecretArn: expect.anything() }],
      });
      // The secret attachment is the secret the rotation schedule rotates.
      const rotation = onlyResource(variant.data, 'AWS::SecretsManager::RotationSchedule').properties;
      expect((proxy(variant).Auth as Array<{ SecretArn: unknown }>)[0]?.SecretArn).toEqual(rotation.SecretId);
    }
  });

  it('sits in the database subnets and gives up on a busy database within 10 seconds', () => {
    expect(JSON.stringify(proxy(prod).VpcSubnetIds)).toMatch(/VpcdatabaseSubnet1.*VpcdatabaseSubnet2/);
    prod.data.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', {
      ConnectionPoolConfigurationInfo: { ConnectionBorrowTimeout: 10 },
    });
  });

  it('publishes what operators need: the endpoint the API uses, the cluster ARN and the secret ARN', () => {
    for (const output of ['DatabaseProxyEndpoint', 'DatabaseClusterArn', 'DatabaseSecretArn']) {
      expect(prod.data.findOutputs(output)).toHaveProperty(output);
    }
    for (const output of ['DatabaseWriterEndpoint', 'DatabaseClusterArn', 'DatabaseSecretArn']) {
      expect(dev.data.findOutputs(output)).toHaveProperty(output);
    }
    expect(dev.data.findOutputs('DatabaseProxyEndpoint')).toEqual({});
  });
});

describe("the app's IAM login without the proxy (dev)", () => {
  const appUser = (variant: SynthesizedVariant) =>
    Object.values(variant.data.findResources('Custom::AWS')).filter((resource) =>
      JSON.stringify(resource.Properties.Create).includes('rds_iam'),
    );

  it('is created at deploy time through the Data API, as the master secret, once the writer exists', () => {
    expect(appUser(prod)).toEqual([]);
    const [resource] = appUser(dev) as Array<{ Properties: { Create: unknown }; DependsOn: string[] }>;
    const create = JSON.stringify(resource?.Properties.Create);
    expect(create).toContain('\\"service\\":\\"RDSData\\",\\"action\\":\\"executeStatement\\"');
    expect(create).toContain('DatabaseClusterSecretAttachment');
    expect(create).toContain(
      iamUserSql({ database: 'slimshop', masterUser: 'slimshop', user: 'slimshop_app' }),
    );
    expect(resource?.DependsOn).toEqual(
      expect.arrayContaining([expect.stringMatching(/^DatabaseClusterWriter/)]),
    );
    expect(cluster(dev).properties.EnableHttpEndpoint).toBe(true);
  });

  it('may run SQL on this cluster only and read only its master secret', () => {
    dev.data.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'rds-data:ExecuteStatement',
            Effect: 'Allow',
            Resource: {
              'Fn::Join': ['', Match.arrayWith([{ Ref: 'AWS::AccountId' }, { Ref: 'DatabaseCluster' }])],
            },
          },
        ],
      },
    });
    dev.data.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
            Effect: 'Allow',
            Resource: { Ref: Match.stringLikeRegexp('^DatabaseClusterSecretAttachment') },
          },
        ],
      },
    });
  });

  it('gives a role of its own rds_iam, so the master keeps its password for rotation', () => {
    const sql = iamUserSql({ database: 'slimshop', masterUser: 'slimshop', user: 'slimshop_app' });
    expect(sql).toContain('GRANT rds_iam TO slimshop_app;');
    expect(sql).not.toMatch(/rds_iam TO slimshop[^_]/);
    expect(sql).toContain('GRANT USAGE, CREATE ON SCHEMA public TO slimshop_app;');
    expect(() => iamUserSql({ database: 'slimshop', masterUser: 'slimshop', user: "x'; DROP" })).toThrow(
      /plain PostgreSQL identifier/,
    );
  });
});

describe('capacity rules', () => {
  const base: DatabaseConfig = STAGE_CONFIGS.dev.database;

  it('accepts both stage configs', () => {
    for (const stage of ['dev', 'prod'] as const) {
      expect(() => assertCapacity(STAGE_CONFIGS[stage].database)).not.toThrow();
      const { database, databaseProxy } = STAGE_CONFIGS[stage];
      expect(() => assertDatabaseAccess(database, databaseProxy)).not.toThrow();
    }
  });

  it('refuses auto-pause behind a proxy, which would never pause', () => {
    expect(() => assertDatabaseAccess(base, true)).toThrow(/never pause/);
  });

  it('refuses a stage without proxy and without the Data API that creates the login', () => {
    expect(() => assertDatabaseAccess({ ...base, dataApi: false }, false)).toThrow(/dataApi/);
  });

  it.each([
    [{ minCapacity: 0.25 }, /steps of 0.5/],
    [{ maxCapacity: 300 }, /0-256 ACU/],
    [{ minCapacity: 4, maxCapacity: 2, autoPauseMinutes: undefined }, /at least minCapacity/],
    [{ minCapacity: 0.5 }, /only with minCapacity 0/],
    [{ autoPauseMinutes: 2 }, /5-1440/],
  ])('rejects %o before deploying', (change, message) => {
    expect(() => assertCapacity({ ...base, ...change })).toThrow(message);
  });
});
