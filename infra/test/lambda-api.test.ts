import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGE_CONFIGS } from '../lib/config/stage-config.js';
import {
  BUNDLE_MARKER,
  functionAssetDir,
  onlyResource,
  resourceByPrefix,
  type SynthesizedVariant,
  synthVariant,
} from './synth-variant.js';

let dev: SynthesizedVariant;
let prod: SynthesizedVariant;

beforeAll(() => {
  dev = synthVariant({ compute: 'lambda', stage: 'dev' });
  prod = synthVariant({ compute: 'lambda', stage: 'prod' });
}, 120_000);

/** The API's function (the stack also holds the image and jobs functions: see workers.test.ts). */
const fn = (variant: SynthesizedVariant) =>
  resourceByPrefix(variant.api, 'AWS::Lambda::Function', 'ApiFunction').properties;
const env = (variant: SynthesizedVariant) =>
  (fn(variant).Environment as { Variables: Record<string, unknown> }).Variables;

/** How the API stack reads a value the data stack publishes (a weak cross-stack reference). */
const dataOutput = (variant: SynthesizedVariant, outputPrefix: string) =>
  Match.objectLike({
    'Fn::GetStackOutput': Match.objectLike({
      StackName: variant.stacks.data.stackName,
      OutputName: Match.stringLikeRegexp(`^${outputPrefix}`),
    }),
  });

describe('function', () => {
  it('runs the bundle on arm64 nodejs22.x with handler index.handler', () => {
    for (const variant of [dev, prod]) {
      expect(fn(variant)).toMatchObject({
        Architectures: ['arm64'],
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
      });
    }
  });

  it('ships the esbuild bundle directory as its code', () => {
    const staged = readFileSync(join(functionAssetDir(dev, fn(dev)), 'index.mjs'), 'utf8');
    expect(staged.startsWith(BUNDLE_MARKER)).toBe(true);
  });

  it('takes memory, timeout and tracing from the stage config', () => {
    for (const variant of [dev, prod]) {
      const config = STAGE_CONFIGS[variant === dev ? 'dev' : 'prod'].lambda;
      expect(fn(variant)).toMatchObject({
        MemorySize: config.memoryMb,
        Timeout: config.timeoutSeconds,
        TracingConfig: { Mode: 'Active' },
      });
    }
    expect(fn(prod).MemorySize).toBeGreaterThan(fn(dev).MemorySize as number);
  });

  it('logs to a log group kept for the stage retention', () => {
    for (const variant of [dev, prod]) {
      const logGroupRef = (fn(variant).LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      const retention = variant.api.toJSON().Resources[logGroupRef].Properties.RetentionInDays;
      expect(retention).toBe(STAGE_CONFIGS[variant === dev ? 'dev' : 'prod'].logRetention);
    }
  });
});

describe('environment handed to the app', () => {
  it('points JWT verification at the Cognito user pool and its app client', () => {
    dev.api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          JWT_ISSUER: dataOutput(dev, 'PublishOutputFnGetAttUserPoolProviderURL'),
          JWKS_URL: {
            'Fn::Join': [
              '',
              [dataOutput(dev, 'PublishOutputFnGetAttUserPoolProviderURL'), '/.well-known/jwks.json'],
            ],
          },
        }),
      },
    });
  });

  it("accepts tokens of the shop's app client and of the admin console's own client", () => {
    const audience = JSON.stringify(env(dev).JWT_AUDIENCE);
    expect(audience).toContain('PublishOutputRefUserPoolClient');
    expect(audience).toMatch(/"Ref":"AdminConsoleClient[0-9A-F]*"/);
  });

  it('names the catalog table through the data stack export', () => {
    expect(JSON.stringify(env(dev).TABLE_NAME)).toContain(
      '"Fn::ImportValue":"Slimshop-dev-Data-CatalogTableArn"',
    );
    dev.data.hasOutput('TableArn', {
      Export: { Name: 'Slimshop-dev-Data-CatalogTableArn' },
      Value: { 'Fn::GetAtt': ['CatalogTable', 'Arn'] },
    });
  });

  // The stage's origins, then the admin console's CloudFront origin (admin-console.test.ts checks that part).
  const stageCorsOrigins = (variant: SynthesizedVariant) =>
    (env(variant).CORS_ORIGINS as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1][0];

  it('passes CORS origins and log level per stage, and leaves AWS_REGION to Lambda', () => {
    expect(stageCorsOrigins(dev)).toBe('http://localhost:3000,http://localhost:5173,https://');
    expect(env(dev)).toMatchObject({ LOG_LEVEL: 'debug' });
    expect(stageCorsOrigins(prod)).toBe('https://');
    expect(env(prod)).toMatchObject({ LOG_LEVEL: 'info' });
    // Lambda rejects reserved variables at deploy time.
    expect(env(dev)).not.toHaveProperty('AWS_REGION');
  });

  it('lets -c corsOrigins override the stage default', () => {
    const custom = synthVariant({
      compute: 'lambda',
      stage: 'prod',
      context: { corsOrigins: 'https://shop.example.com, https://admin.example.com' },
    });
    expect(stageCorsOrigins(custom)).toBe('https://shop.example.com,https://admin.example.com,https://');
  });
});

describe('HTTP API', () => {
  it('has exactly one stage, $default, auto-deployed and throttled per stage config', () => {
    for (const variant of [dev, prod]) {
      const { lambda } = STAGE_CONFIGS[variant === dev ? 'dev' : 'prod'];
      const { properties } = onlyResource(variant.api, 'AWS::ApiGatewayV2::Stage');
      expect(properties).toMatchObject({
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: {
          ThrottlingRateLimit: lambda.throttleRateLimit,
          ThrottlingBurstLimit: lambda.throttleBurstLimit,
        },
      });
    }
  });

  it('writes JSON access logs with the request id', () => {
    const { properties } = onlyResource(dev.api, 'AWS::ApiGatewayV2::Stage');
    const format = JSON.parse((properties.AccessLogSettings as { Format: string }).Format);
    expect(format.requestId).toBe('$context.requestId');
  });

  it('sends every route to the function', () => {
    dev.api.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    dev.api.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
  });
});

describe('database access', () => {
  /** The same check as dataOutput(), for plain vitest assertions. */
  const expectDataOutput = (value: unknown, variant: SynthesizedVariant, output: RegExp) =>
    expect(value).toEqual({
      'Fn::GetStackOutput': expect.objectContaining({
        StackName: variant.stacks.data.stackName,
        OutputName: expect.stringMatching(output),
      }),
    });

  it('runs in the workload subnets of the data stack VPC with its own security group', () => {
    for (const variant of [dev, prod]) {
      const vpcConfig = fn(variant).VpcConfig as { SubnetIds: unknown[]; SecurityGroupIds: unknown[] };
      expect(vpcConfig.SubnetIds).toHaveLength(2);
      for (const subnet of vpcConfig.SubnetIds) {
        expectDataOutput(subnet, variant, /^PublishOutputRefNetworkVpcworkloadSubnet/);
      }
      const group = resourceByPrefix(variant.api, 'AWS::EC2::SecurityGroup', 'ApiSecurityGroup');
      expect(vpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [group.logicalId, 'GroupId'] }]);
    }
  });

  it('connects as the app user with an IAM token, one connection per environment, no password', () => {
    for (const variant of [dev, prod]) {
      expect(env(variant)).toEqual(
        expect.objectContaining({
          DATABASE_PORT: '5432',
          DATABASE_NAME: 'slimshop',
          DATABASE_IAM_AUTH: 'true',
          DATABASE_POOL_MAX: '1',
          MIGRATE_ON_START: 'true',
        }),
      );
      // No password reaches the function in any form.
      // (STRIPE_SECRET_ARN names where the app reads the Stripe keys, not a secret.)
      expect(
        Object.keys(env(variant)).filter(
          (name) => /PASSWORD|SECRET|DATABASE_URL/.test(name) && !name.endsWith('_ARN'),
        ),
      ).toEqual([]);
    }
  });

  it('prod: goes through the proxy as the master user, trusting only the public CAs', () => {
    expectDataOutput(env(prod).DATABASE_HOST, prod, /^PublishOutputFnGetAttDatabaseProxy\w+Endpoint/);
    expect(env(prod).DATABASE_USER).toBe('slimshop');
    expect(env(prod)).not.toHaveProperty('NODE_EXTRA_CA_CERTS');
  });

  it("dev: goes straight to the writer as its own IAM role, trusting the runtime's RDS CA bundle", () => {
    expectDataOutput(env(dev).DATABASE_HOST, dev, /^PublishOutputFnGetAttDatabaseClusterEndpointAddress/);
    expect(env(dev).DATABASE_USER).toBe('slimshop_app');
    expect(env(dev).NODE_EXTRA_CA_CERTS).toBe('/var/runtime/ca-cert.pem');
  });

  /** The rds-db:connect resource: arn:aws:rds-db:<region>:<account>:dbuser:<id>/<user>. */
  const connectResource = (variant: SynthesizedVariant, idOutput: string, user: string) => ({
    Action: 'rds-db:connect',
    Effect: 'Allow',
    Resource: {
      'Fn::Join': [
        '',
        [
          Match.stringLikeRegexp('^arn:aws:rds-db:us-east-1:$'),
          { Ref: 'AWS::AccountId' },
          ':dbuser:',
          dataOutput(variant, idOutput),
          `/${user}`,
        ],
      ],
    },
  });

  it('prod: may sign IAM tokens (rds-db:connect) for the app user on this proxy only', () => {
    // The data stack cuts the proxy's id (prx-...) out of its ARN; CloudFormation would refuse the API stack
    // splitting the ARN it reads from there (Fn::GetStackOutput inside Fn::Split).
    prod.api.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([connectResource(prod, 'DatabaseProxyResourceId$', 'slimshop')]),
      },
    });
    prod.data.hasOutput('DatabaseProxyResourceId', {
      Value: {
        'Fn::Select': [6, { 'Fn::Split': [':', { 'Fn::GetAtt': [Match.anyValue(), 'DBProxyArn'] }] }],
      },
    });
  });

  it("dev: may sign IAM tokens for the app's role on this cluster's resource id only", () => {
    dev.api.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          connectResource(dev, 'PublishOutputFnGetAttDatabaseClusterDBClusterResourceId', 'slimshop_app'),
        ]),
      },
    });
  });
});
