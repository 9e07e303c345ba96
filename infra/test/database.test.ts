import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseConfig, STAGE_CONFIGS } from '../lib/config/stage-config.js';
import { assertCapacity } from '../lib/constructs/shop-database.js';
import { onlyResource, type SynthesizedVariant, synthVariant } from './synth-variant.js';

let dev: SynthesizedVariant;
let prod: SynthesizedVariant;

beforeAll(() => {
  dev = synthVariant({ compute: 'lambda', stage: 'dev' });
  prod = synthVariant({ compute: 'lambda', stage: 'prod' });
});

const stageOf = (variant: SynthesizedVariant) => (variant === dev ? 'dev' : 'prod');
const cluster = (variant: SynthesizedVariant) => onlyResource(variant.data, 'AWS::RDS::DBCluster');
const proxy = (variant: SynthesizedVariant) => onlyResource(variant.data, 'AWS::RDS::DBProxy').properties;

describe('stateful logical ids', () => {
  // Renaming either makes CloudFormation replace it: an empty database, or a password nobody knows.
  it.each([
    ['AWS::RDS::DBCluster', 'DatabaseCluster'],
    ['AWS::SecretsManager::Secret', 'DatabaseSecret'],
  ])('%s is pinned as %s', (type, logicalId) => {
    for (const { data } of [dev, prod]) expect(onlyResource(data, type).logicalId).toBe(logicalId);
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
    expect(onlyResource(prod.data, 'AWS::SecretsManager::Secret').resource.DeletionPolicy).toBe('Retain');
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

describe('RDS Proxy', () => {
  it('requires TLS and IAM tokens, and logs in to the cluster with the rotated secret', () => {
    for (const variant of [dev, prod]) {
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
    expect(JSON.stringify(proxy(dev).VpcSubnetIds)).toMatch(/VpcdatabaseSubnet1.*VpcdatabaseSubnet2/);
    dev.data.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', {
      ConnectionPoolConfigurationInfo: { ConnectionBorrowTimeout: 10 },
    });
  });

  it('publishes what operators need: the proxy endpoint, the cluster ARN and the secret ARN', () => {
    for (const output of ['DatabaseProxyEndpoint', 'DatabaseClusterArn', 'DatabaseSecretArn']) {
      expect(dev.data.findOutputs(output)).toHaveProperty(output);
    }
  });
});

describe('capacity rules', () => {
  const base: DatabaseConfig = STAGE_CONFIGS.dev.database;

  it('accepts both stage configs', () => {
    for (const stage of ['dev', 'prod'] as const)
      expect(() => assertCapacity(STAGE_CONFIGS[stage].database)).not.toThrow();
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
