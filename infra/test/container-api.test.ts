import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/config/paths.js';
import { STAGE_CONFIGS } from '../lib/config/stage-config.js';
import { assertGraviton } from '../lib/constructs/container-capacity.js';
import { onlyResource, type SynthesizedVariant, synthVariant } from './synth-variant.js';

const variants: Record<string, SynthesizedVariant> = {};
const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0f0e0d0c-0b0a-0908-0706-050403020100';

beforeAll(() => {
  variants.fargate = synthVariant({ compute: 'fargate', stage: 'dev' });
  variants.fargateProd = synthVariant({ compute: 'fargate', stage: 'prod' });
  variants.spot = synthVariant({ compute: 'fargate-spot', stage: 'dev' });
  variants.spotProd = synthVariant({
    compute: 'fargate-spot',
    stage: 'prod',
    context: { certificateArn: CERTIFICATE },
  });
  variants.ec2 = synthVariant({ compute: 'ec2', stage: 'dev' });
}, 180_000);

const v = (name: string) => variants[name] as SynthesizedVariant;
const EVERY = ['fargate', 'fargateProd', 'spot', 'spotProd', 'ec2'];

const service = (name: string) => onlyResource(v(name).api, 'AWS::ECS::Service').properties;
const taskDefinition = (name: string) => onlyResource(v(name).api, 'AWS::ECS::TaskDefinition').properties;
const container = (name: string) =>
  (taskDefinition(name).ContainerDefinitions as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
const containerEnv = (name: string) =>
  Object.fromEntries(
    (container(name).Environment as Array<{ Name: string; Value: unknown }>).map((e) => [e.Name, e.Value]),
  );

describe('capacity', () => {
  it('fargate: launch type FARGATE on Graviton', () => {
    expect(service('fargate')).toMatchObject({ LaunchType: 'FARGATE' });
    expect(service('fargate').CapacityProviderStrategy).toBeUndefined();
    expect(taskDefinition('fargate').RuntimePlatform).toEqual({
      CpuArchitecture: 'ARM64',
      OperatingSystemFamily: 'LINUX',
    });
  });

  it('fargate-spot: the FARGATE_SPOT capacity provider on x86, prod keeping an on-demand base', () => {
    expect(service('spot').LaunchType).toBeUndefined();
    expect(service('spot').CapacityProviderStrategy).toEqual([
      { CapacityProvider: 'FARGATE_SPOT', Weight: 1 },
    ]);
    expect(service('spotProd').CapacityProviderStrategy).toEqual([
      { CapacityProvider: 'FARGATE', Base: 1, Weight: 0 },
      { CapacityProvider: 'FARGATE_SPOT', Weight: 1 },
    ]);
    v('spot').api.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', {
      CapacityProviders: Match.arrayWith(['FARGATE_SPOT']),
    });
    expect(taskDefinition('spot').RuntimePlatform).toMatchObject({ CpuArchitecture: 'X86_64' });
  });

  it('ec2: an auto-scaling-group capacity provider of Graviton instances on the ECS-optimized AL2023 arm64 AMI', () => {
    const ec2 = v('ec2').api;
    const provider = onlyResource(ec2, 'AWS::ECS::CapacityProvider');
    expect(service('ec2').CapacityProviderStrategy).toEqual([
      { CapacityProvider: { Ref: provider.logicalId }, Weight: 1 },
    ]);
    expect(provider.properties.AutoScalingGroupProvider).toMatchObject({
      ManagedScaling: { Status: 'ENABLED' },
      ManagedDraining: 'ENABLED',
    });
    const launchTemplate = onlyResource(ec2, 'AWS::EC2::LaunchTemplate').properties
      .LaunchTemplateData as Record<string, unknown>;
    expect(launchTemplate.InstanceType).toBe(STAGE_CONFIGS.dev.container.ec2InstanceType);
    expect(launchTemplate.MetadataOptions).toMatchObject({ HttpTokens: 'required' });
    expect(launchTemplate.BlockDeviceMappings).toEqual([
      expect.objectContaining({ Ebs: expect.objectContaining({ Encrypted: true }) }),
    ]);
    const amiParameter = Object.values(
      v('ec2').api.toJSON().Parameters as Record<string, { Default?: string }>,
    ).find((parameter) => parameter.Default?.includes('/ecs/optimized-ami/'));
    expect(amiParameter?.Default).toBe(
      '/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id',
    );
  });

  it('ec2: the load balancer reaches the bridge-mode dynamic host ports on the instances', () => {
    const ec2 = v('ec2').api;
    const instanceGroup = Object.keys(ec2.findResources('AWS::EC2::SecurityGroup')).find((id) =>
      id.includes('Instance'),
    );
    ec2.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [instanceGroup, 'GroupId'] },
      FromPort: 32768,
      ToPort: 65535,
      SourceSecurityGroupId: Match.anyValue(),
    });
  });

  it('accepts only Graviton instance types for the arm64 AMI', () => {
    for (const type of ['t4g.small', 'm7g.large', 'c7g.xlarge', 'c7gn.large', 'm8g.medium']) {
      expect(() => assertGraviton(type)).not.toThrow();
    }
    for (const type of ['m6i.large', 't3.small', 'c7i.large', 'g5.xlarge']) {
      expect(() => assertGraviton(type)).toThrow(/not Graviton/);
    }
  });
});

describe('the container', () => {
  it('is built from the repository Dockerfile for the task architecture', () => {
    for (const [name, platform] of [
      ['fargate', 'linux/arm64'],
      ['spot', 'linux/amd64'],
      ['ec2', 'linux/arm64'],
    ] as const) {
      const assets = JSON.parse(readFileSync(join(v(name).outdir, 'Slimshop-dev-Api.assets.json'), 'utf8'));
      // The API's image: the Dockerfile's last stage (no target); the Batch job image is workers.test.ts's.
      const images = (
        Object.values(assets.dockerImages) as Array<{
          source: { directory: string; platform: string; dockerBuildTarget?: string };
        }>
      ).filter((image) => image.source.dockerBuildTarget === undefined);
      expect(images).toHaveLength(1);
      expect(images[0]?.source.platform).toBe(platform);
      const staged = join(v(name).outdir, images[0]?.source.directory as string);
      expect(readFileSync(join(staged, 'Dockerfile'), 'utf8')).toContain('FROM node:22');
    }
  });

  it('listens on 3000 and drains for as long as the ALB deregisters', () => {
    for (const name of EVERY) {
      const drainSeconds = STAGE_CONFIGS[name.endsWith('Prod') ? 'prod' : 'dev'].container.drainSeconds;
      expect(containerEnv(name)).toMatchObject({
        PORT: '3000',
        SHUTDOWN_GRACE_MS: String(drainSeconds * 1000),
        AWS_REGION: 'us-east-1',
      });
      // SIGKILL must not cut the drain short.
      expect(container(name).StopTimeout as number).toBeGreaterThan(drainSeconds);
      v(name).api.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        TargetGroupAttributes: Match.arrayWith([
          { Key: 'deregistration_delay.timeout_seconds', Value: String(drainSeconds) },
        ]),
      });
    }
  });

  it('gets the same app settings as the Lambda variant', () => {
    expect(Object.keys(containerEnv('fargate'))).toEqual(
      expect.arrayContaining([
        'TABLE_NAME',
        'JWT_ISSUER',
        'JWKS_URL',
        'JWT_AUDIENCE',
        'CORS_ORIGINS',
        'LOG_LEVEL',
        'DATABASE_HOST',
      ]),
    );
  });

  it('shares a pool of database connections per task and applies migrations at start', () => {
    for (const name of EVERY) {
      const config = STAGE_CONFIGS[name.endsWith('Prod') ? 'prod' : 'dev'].container;
      expect(containerEnv(name)).toMatchObject({
        DATABASE_PORT: '5432',
        DATABASE_NAME: 'slimshop',
        DATABASE_IAM_AUTH: 'true',
        DATABASE_POOL_MAX: String(config.databasePoolMax),
        MIGRATE_ON_START: 'true',
      });
    }
    expect(STAGE_CONFIGS.prod.container.databasePoolMax).toBeGreaterThan(1);
  });

  it('logs in through the proxy in prod, straight to the writer with the RDS CA bundle in dev', () => {
    for (const name of EVERY) {
      const prod = name.endsWith('Prod');
      expect(containerEnv(name).DATABASE_USER).toBe(prod ? 'slimshop' : 'slimshop_app');
      expect(JSON.stringify(containerEnv(name).DATABASE_HOST)).toMatch(
        prod ? /DatabaseProxy\w+Endpoint/ : /DatabaseClusterEndpointAddress/,
      );
      expect(containerEnv(name).NODE_EXTRA_CA_CERTS).toBe(
        prod ? undefined : '/etc/ssl/certs/rds-global-bundle.pem',
      );
    }
    // The image must hold the bundle there, readable by the unprivileged user the server runs as.
    expect(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8')).toMatch(
      /ADD --chmod=644 https:\/\/truststore\.pki\.rds\.amazonaws\.com\/global\/global-bundle\.pem \/etc\/ssl\/certs\/rds-global-bundle\.pem/,
    );
  });

  it('lets the task role, and only it, sign IAM tokens for the database', () => {
    for (const name of EVERY) {
      const api = v(name).api;
      const taskRole = JSON.stringify(taskDefinition(name).TaskRoleArn);
      const connecting = Object.values(api.findResources('AWS::IAM::Policy')).filter(
        (policy) =>
          JSON.stringify(policy.Properties.PolicyDocument).includes('rds-db:connect') &&
          // The job runtimes, the relay and the email function sign tokens too: workers.test.ts and
          // order-events.test.ts check those.
          !/^(Workers|OrderEvents)/.test(policy.Properties.Roles[0].Ref),
      );
      expect(connecting).toHaveLength(1);
      const [policy] = connecting as Array<{
        Properties: { Roles: Array<{ Ref: string }>; PolicyDocument: unknown };
      }>;
      expect(taskRole).toContain(policy?.Properties.Roles[0]?.Ref);
      expect(JSON.stringify(policy?.Properties.PolicyDocument)).toMatch(
        name.endsWith('Prod')
          ? /DatabaseProxyResourceId.*\/slimshop"/
          : /DBClusterResourceId.*\/slimshop_app"/,
      );
    }
  });

  it('logs to CloudWatch with the stage retention', () => {
    const logging = container('fargateProd').LogConfiguration as {
      LogDriver: string;
      Options: { 'awslogs-group': { Ref: string } };
    };
    expect(logging.LogDriver).toBe('awslogs');
    const group = v('fargateProd').api.toJSON().Resources[logging.Options['awslogs-group'].Ref];
    expect(group.Properties.RetentionInDays).toBe(STAGE_CONFIGS.prod.logRetention);
  });
});

describe('load balancer', () => {
  it('health-checks /health', () => {
    for (const name of EVERY) {
      v(name).api.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        HealthCheckPath: '/health',
        Matcher: { HttpCode: '200' },
      });
    }
  });

  it('serves HTTPS with the given certificate and redirects HTTP', () => {
    const api = v('spotProd').api;
    api.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS',
      Port: 443,
      Certificates: [{ CertificateArn: CERTIFICATE }],
    });
    api.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTP',
      DefaultActions: [Match.objectLike({ Type: 'redirect' })],
    });
    v('fargate').api.resourcePropertiesCountIs(
      'AWS::ElasticLoadBalancingV2::Listener',
      { Protocol: 'HTTPS' },
      0,
    );
  });

  it('writes access logs in prod only', () => {
    const attributes = (template: Template) =>
      onlyResource(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer').properties.LoadBalancerAttributes;
    expect(attributes(v('fargateProd').api)).toContainEqual({ Key: 'access_logs.s3.enabled', Value: 'true' });
    expect(attributes(v('fargate').api)).not.toContainEqual({ Key: 'access_logs.s3.enabled', Value: 'true' });
  });
});

describe('scaling', () => {
  it('tracks CPU and requests per target within the stage bounds', () => {
    for (const name of EVERY) {
      const { container: config } = STAGE_CONFIGS[name.endsWith('Prod') ? 'prod' : 'dev'];
      const api = v(name).api;
      api.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        MinCapacity: config.minTasks,
        MaxCapacity: config.maxTasks,
        ScalableDimension: 'ecs:service:DesiredCount',
      });
      api.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
          TargetValue: config.cpuTargetPercent,
        },
      });
      api.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: Match.objectLike({
            PredefinedMetricType: 'ALBRequestCountPerTarget',
          }),
          TargetValue: config.requestsPerTarget,
        },
      });
    }
  });
});

describe('network', () => {
  /** Both subnets, each a value the data stack publishes for its workload tier. */
  const expectWorkloadSubnets = (subnets: unknown) => {
    expect(subnets).toHaveLength(2);
    for (const subnet of subnets as unknown[]) {
      expect(subnet).toMatchObject({
        'Fn::GetStackOutput': { OutputName: expect.stringMatching(/workloadSubnet/) },
      });
    }
  };

  it("runs tasks in the data stack's workload subnets without public IPs, in every stage", () => {
    for (const name of ['fargate', 'fargateProd', 'spot']) {
      const awsvpc = (
        service(name).NetworkConfiguration as {
          AwsvpcConfiguration: { AssignPublicIp: string; Subnets: unknown[] };
        }
      ).AwsvpcConfiguration;
      expect(awsvpc.AssignPublicIp).toBe('DISABLED');
      expectWorkloadSubnets(awsvpc.Subnets);
      // The VPC (and its NAT) belongs to the data stack: switching compute never rebuilds the network.
      v(name).api.resourceCountIs('AWS::EC2::VPC', 0);
      v(name).api.resourceCountIs('AWS::EC2::NatGateway', 0);
    }
  });

  it("faces the internet from the data stack's public subnets, read from outputs it always publishes", () => {
    for (const name of EVERY) {
      const { properties } = onlyResource(v(name).api, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
      expect(properties.Scheme).toBe('internet-facing');
      expect(properties.Subnets).toEqual(
        [1, 2].map((n) => ({
          'Fn::GetStackOutput': {
            StackName: v(name).stacks.data.stackName,
            OutputName: `PublicSubnet${n}Id`,
          },
        })),
      );
      for (const n of [1, 2]) {
        v(name).data.hasOutput(`PublicSubnet${n}Id`, {
          Value: { Ref: Match.stringLikeRegexp(`^NetworkVpcpublicSubnet${n}Subnet`) },
        });
      }
    }
  });

  it('runs the EC2 container instances in the workload subnets too', () => {
    const { properties } = onlyResource(v('ec2').api, 'AWS::AutoScaling::AutoScalingGroup');
    expectWorkloadSubnets(properties.VPCZoneIdentifier);
  });

  it('lets tasks and instances out on HTTPS, and on 5432 to the database (the cluster in dev) only', () => {
    for (const [name, group] of [
      ['fargate', 'ApiTaskSecurityGroup'],
      ['ec2', 'ApiInstanceSecurityGroup'],
    ] as const) {
      const api = v(name).api;
      const [logicalId, resource] = Object.entries(api.findResources('AWS::EC2::SecurityGroup')).find(
        ([id]) => id.startsWith(group),
      ) as [string, { Properties: { SecurityGroupEgress: unknown[] } }];
      expect(resource.Properties.SecurityGroupEgress).toEqual([
        expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
      ]);
      const egress = Object.values(api.findResources('AWS::EC2::SecurityGroupEgress'))
        .map((rule) => rule.Properties)
        .filter((rule) => JSON.stringify(rule.GroupId).includes(logicalId));
      expect(egress).toEqual([
        expect.objectContaining({
          FromPort: 5432,
          ToPort: 5432,
          DestinationSecurityGroupId: expect.anything(),
        }),
      ]);
      expect(JSON.stringify(egress[0]?.DestinationSecurityGroupId)).toContain('DatabaseClusterSecurityGroup');
    }
  });
});
