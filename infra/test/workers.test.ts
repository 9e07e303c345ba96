import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOB_NAMES, JOB_SPECS } from '../lib/config/job-specs.js';
import { REPO_ROOT } from '../lib/config/paths.js';
import { STAGE_CONFIGS } from '../lib/config/stage-config.js';
import { BATCH_COMMAND, BATCH_IMAGE_TARGET } from '../lib/constructs/batch-jobs.js';
import {
  apiResources,
  functionAssetDir,
  IMAGE_BUNDLE_MARKER,
  JOB_BUNDLE_MARKER,
  type PolicyStatement,
  resourceByPrefix,
  type SynthesizedVariant,
  stageOfName,
  statementsOf,
  synthAllVariants,
} from './synth-variant.js';

const { names, get } = synthAllVariants();
const stageOf = stageOfName;

type Props = Record<string, unknown>;
type Statement = PolicyStatement;
const resources = apiResources;
const actionsOf = (statements: Statement[]) => statements.flatMap((statement) => [statement.Action].flat());
/** The statements granting `action`, with their resources as JSON (imports and joins included). */
const resourcesFor = (statements: Statement[], action: string) =>
  statements
    .filter((statement) => [statement.Action].flat().includes(action))
    .map((statement) => JSON.stringify(statement.Resource));

const IMAGE_FUNCTION = 'WorkersImageWorkerFunction';
/** CDK drops the repeated `Function` of JobsFunction/Function from the logical id. */
const JOBS_FUNCTION = 'WorkersJobsFunction';
const JOB_ROLE = 'WorkersBatchJobRole';
const apiRole = (name: string) =>
  name.startsWith('lambda') ? 'ApiFunctionServiceRole' : 'ApiTaskDefinitionTaskRole';

const imageFunction = (name: string) =>
  resourceByPrefix(get(name).api, 'AWS::Lambda::Function', IMAGE_FUNCTION).properties;
const jobsFunction = (name: string) =>
  resourceByPrefix(get(name).api, 'AWS::Lambda::Function', JOBS_FUNCTION).properties;

/** How S3 applies a notification's key filter: the object key must have the prefix and the suffix. */
function triggers(filterRules: Array<{ Name: string; Value: string }>, key: string): boolean {
  return filterRules.every(({ Name, Value }) =>
    Name === 'prefix' ? key.startsWith(Value) : Name === 'suffix' ? key.endsWith(Value) : false,
  );
}

describe('image Lambda', () => {
  it.each(names)('%s: runs on arm64 nodejs22.x with memory for sharp and the stage timeout', (name) => {
    const config = STAGE_CONFIGS[stageOf(name)].imageWorker;
    const fn = imageFunction(name);
    expect(fn).toMatchObject({
      Architectures: ['arm64'],
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      MemorySize: config.memoryMb,
      Timeout: config.timeoutSeconds,
    });
    expect(fn.MemorySize).toBeGreaterThanOrEqual(1024);
    expect(fn.ReservedConcurrentExecutions).toBe(config.reservedConcurrency);
    // S3 and DynamoDB only: no VPC, no NAT, no ENI at cold start.
    expect(fn).not.toHaveProperty('VpcConfig');
    // The variant URLs it records start at the CDN.
    expect((fn.Environment as { Variables: Props }).Variables.IMAGE_PUBLIC_BASE_URL).toEqual({
      'Fn::ImportValue': `Slimshop-${stageOf(name)}-Data-ImagePublicBaseUrl`,
    });
  });

  it.each(names)('%s: fires on uploaded originals only, never on the variants it writes', (name) => {
    const [[, notifications]] = resources(get(name), 'Custom::S3BucketNotifications') as [
      [string, { Properties: Props }],
    ];
    const { BucketName, NotificationConfiguration } = notifications.Properties as {
      BucketName: unknown;
      NotificationConfiguration: {
        LambdaFunctionConfigurations: Array<{
          Events: string[];
          Filter: { Key: { FilterRules: Array<{ Name: string; Value: string }> } };
          LambdaFunctionArn: { 'Fn::GetAtt': [string, string] };
        }>;
      };
    };
    expect(JSON.stringify(BucketName)).toContain('-Data-ImageBucketName');
    const [config, ...others] = NotificationConfiguration.LambdaFunctionConfigurations;
    expect(others).toEqual([]);
    expect(config?.Events).toEqual(['s3:ObjectCreated:*']);
    expect(config?.LambdaFunctionArn['Fn::GetAtt'][0]).toMatch(new RegExp(`^${IMAGE_FUNCTION}`));
    const rules = config?.Filter.Key.FilterRules ?? [];
    expect(triggers(rules, 'products/p-1/images/img-1/original')).toBe(true);
    for (const written of [
      'products/p-1/images/img-1/0123abcd/320.webp',
      'products/p-1/images/img-1/0123abcd/1600.avif',
      'products/p-1/images/img-1/0123abcd/768.jpg',
    ]) {
      expect(triggers(rules, written), written).toBe(false);
    }
  });

  it.each(names)('%s: sends events it gave up on to an encrypted queue after two retries', (name) => {
    const variant = get(name);
    const { properties } = resourceByPrefix(
      variant.api,
      'AWS::Lambda::EventInvokeConfig',
      `${IMAGE_FUNCTION}EventInvokeConfig`,
    );
    expect(properties).toMatchObject({ MaximumRetryAttempts: 2 });
    const destination = JSON.stringify(properties.DestinationConfig);
    const queue = resourceByPrefix(variant.api, 'AWS::SQS::Queue', 'WorkersImageWorkerFailedEvents');
    expect(destination).toContain(queue.logicalId);
    expect(queue.properties.SqsManagedSseEnabled).toBe(true);
  });

  it.each(names)('%s: reads originals, writes variants only, and names every action exactly', (name) => {
    const statements = statementsOf(get(name), IMAGE_FUNCTION);
    const actions = actionsOf(statements);
    for (const action of actions) expect(action, action).not.toContain('*');
    expect(resourcesFor(statements, 's3:GetObject')).toEqual([
      expect.stringContaining('ImageBucketName"},"/products/*"]'),
    ]);
    expect(resourcesFor(statements, 's3:PutObject')).toEqual([
      expect.stringContaining('ImageBucketName"},"/products/*/images/*/*/*"]'),
    ]);
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Query']),
    );
    expect(actions).not.toContain('batch:SubmitJob');
  });

  it('ships the bundle with sharp and its linux-arm64 binaries next to it', () => {
    const variant = get('lambda/dev');
    const dir = functionAssetDir(variant, imageFunction('lambda/dev'));
    expect(readFileSync(join(dir, 'index.mjs'), 'utf8').startsWith(IMAGE_BUNDLE_MARKER)).toBe(true);
    for (const pkg of ['sharp', '@img/sharp-linux-arm64', '@img/sharp-libvips-linux-arm64', 'detect-libc']) {
      expect(existsSync(join(dir, 'node_modules', pkg, 'package.json')), pkg).toBe(true);
    }
    expect(existsSync(join(dir, 'node_modules', '@img', 'sharp-linux-x64'))).toBe(false);
  });
});

const computeEnvironments = (variant: SynthesizedVariant) =>
  resources(variant, 'AWS::Batch::ComputeEnvironment').map(([id, ce]) => ({
    id,
    resources: ce.Properties.ComputeResources as Props,
  }));
const queueOrder = (variant: SynthesizedVariant, prefix: string) => {
  const queue = resourceByPrefix(variant.api, 'AWS::Batch::JobQueue', prefix);
  return (
    queue.properties.ComputeEnvironmentOrder as Array<{ ComputeEnvironment: unknown; Order: number }>
  ).map(({ ComputeEnvironment, Order }) => ({ ce: JSON.stringify(ComputeEnvironment), order: Order }));
};

describe('AWS Batch', () => {
  it.each(names)('%s: Fargate, Fargate Spot and EC2 Spot environments that cost nothing idle', (name) => {
    const jobs = STAGE_CONFIGS[stageOf(name)].jobs;
    const environments = computeEnvironments(get(name));
    expect(environments.map((ce) => ce.resources.Type).sort()).toEqual(['FARGATE', 'FARGATE_SPOT', 'SPOT']);
    for (const { resources: ce } of environments) {
      // Fargate environments have no minimum at all; EC2's is 0: no job, no capacity.
      expect(ce.MinvCpus ?? 0).toBe(0);
      expect(ce.MaxvCpus).toBe(ce.Type === 'SPOT' ? jobs.ec2SpotMaxVcpus : jobs.fargateMaxVcpus);
      expect(JSON.stringify(ce.Subnets)).toContain('workloadSubnet');
    }
    const ec2 = environments.find((ce) => ce.resources.Type === 'SPOT')?.resources;
    expect(ec2?.AllocationStrategy).toBe('SPOT_PRICE_CAPACITY_OPTIMIZED');
    expect(ec2?.InstanceTypes).not.toContain('optimal');
  });

  it.each(names)('%s: the API queue tries Fargate Spot first and on-demand Fargate last', (name) => {
    const variant = get(name);
    const byType = Object.fromEntries(computeEnvironments(variant).map((ce) => [ce.resources.Type, ce.id]));
    const order = queueOrder(variant, 'WorkersBatchQueue');
    expect(order).toEqual([
      { ce: expect.stringContaining(byType.FARGATE_SPOT as string), order: 1 },
      { ce: expect.stringContaining(byType.FARGATE as string), order: 2 },
    ]);
    // Batch refuses EC2 and Fargate environments in one queue: EC2 Spot has its own.
    expect(queueOrder(variant, 'WorkersBatchBulkQueue')).toEqual([
      { ce: expect.stringContaining(byType.SPOT as string), order: 1 },
    ]);
  });

  it.each(names)('%s: one Fargate job definition per job, sized, timed and retried', (name) => {
    const variant = get(name);
    for (const job of JOB_NAMES) {
      const prefix = `WorkersBatch${job.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}`;
      const { properties } = resourceByPrefix(variant.api, 'AWS::Batch::JobDefinition', prefix);
      const spec = JOB_SPECS[job];
      expect(properties).toMatchObject({
        PlatformCapabilities: ['FARGATE'],
        Timeout: { AttemptDurationSeconds: spec.timeoutMinutes * 60 },
        RetryStrategy: {
          Attempts: 3,
          EvaluateOnExit: [
            { Action: 'RETRY', OnExitCode: '75' },
            { Action: 'RETRY', OnStatusReason: 'Host EC2*' },
            { Action: 'EXIT', OnReason: '*' },
          ],
        },
      });
      const container = properties.ContainerProperties as Props;
      expect(container.Command).toEqual(['node', 'index.mjs', '--job-id', 'Ref::jobId']);
      expect(container.ResourceRequirements).toEqual(
        expect.arrayContaining([
          { Type: 'VCPU', Value: String(spec.vcpus) },
          { Type: 'MEMORY', Value: String(spec.memoryMiB) },
        ]),
      );
      expect(container.NetworkConfiguration).toEqual({ AssignPublicIp: 'DISABLED' });
      expect(JSON.stringify(container.JobRoleArn)).toContain(JOB_ROLE);
      const environment = Object.fromEntries(
        (container.Environment as Array<{ Name: string; Value: unknown }>).map((e) => [e.Name, e.Value]),
      );
      expect(Object.keys(environment)).toEqual(
        expect.arrayContaining(['TABLE_NAME', 'IMAGE_BUCKET', 'JOBS_BUCKET', 'DATABASE_HOST', 'AWS_REGION']),
      );
      expect(environment.MIGRATE_ON_START).toBe('false');
      expect(environment.IMAGE_PUBLIC_BASE_URL).toEqual({
        'Fn::ImportValue': `Slimshop-${stageOf(name)}-Data-ImagePublicBaseUrl`,
      });
    }
    const definitions = resources(variant, 'AWS::Batch::JobDefinition');
    // The four above plus reoptimize-images on EC2 Spot for the bulk queue.
    expect(definitions).toHaveLength(JOB_NAMES.length + 1);
    const bulk = resourceByPrefix(
      variant.api,
      'AWS::Batch::JobDefinition',
      'WorkersBatchBulkReoptimizeImages',
    );
    expect(bulk.properties.PlatformCapabilities).toEqual(['EC2']);
  });

  it('sizes every job with a vCPU and memory pair Fargate accepts', () => {
    // Fargate: 0.25 vCPU 0.5-2 GB, 0.5 vCPU 1-4 GB, 1 vCPU 2-8 GB, 2 vCPU 4-16 GB, 4 vCPU 8-30 GB.
    const ranges: Record<number, [number, number]> = {
      0.25: [512, 2048],
      0.5: [1024, 4096],
      1: [2048, 8192],
      2: [4096, 16384],
      4: [8192, 30720],
    };
    for (const [job, spec] of Object.entries(JOB_SPECS)) {
      const [min, max] = ranges[spec.vcpus] ?? [Number.NaN, Number.NaN];
      expect(spec.memoryMiB, job).toBeGreaterThanOrEqual(min);
      expect(spec.memoryMiB, job).toBeLessThanOrEqual(max);
      // Whole GB, apart from 0.25 vCPU's 512 MB.
      if (!(spec.vcpus === 0.25 && spec.memoryMiB === 512)) expect(spec.memoryMiB % 1024, job).toBe(0);
    }
  });

  it('builds the job image from the Dockerfile stage that holds dist/batch, for linux/amd64', () => {
    const assets = JSON.parse(
      readFileSync(join(get('lambda/dev').outdir, 'Slimshop-dev-Api.assets.json'), 'utf8'),
    );
    const images = Object.values(assets.dockerImages) as Array<{
      source: { platform: string; dockerBuildTarget?: string };
    }>;
    expect(images).toEqual([
      expect.objectContaining({
        source: expect.objectContaining({ dockerBuildTarget: BATCH_IMAGE_TARGET, platform: 'linux/amd64' }),
      }),
    ]);
    const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
    const stage = dockerfile
      .split(/^FROM /m)
      .find((part) => new RegExp(`AS ${BATCH_IMAGE_TARGET}\\s`).test(part));
    expect(stage).toBeDefined();
    expect(stage).toContain('/app/dist/batch');
    expect(stage).toContain('node_modules/sharp');
    // The job definition's command (node index.mjs --job-id ...) replaces CMD: no ENTRYPOINT in the way.
    expect(stage).toMatch(/^WORKDIR \/app$/m);
    expect(stage).not.toMatch(/^ENTRYPOINT/m);
    expect(BATCH_COMMAND.slice(0, 2)).toEqual(['node', 'index.mjs']);
    // The API's image stays the last stage, which `docker build` without a target builds.
    expect(
      dockerfile
        .trimEnd()
        .split(/^FROM /m)
        .at(-1),
    ).toContain('/app/dist/server');
  });

  it.each(names)(
    '%s: the job role names exact actions on the table, both buckets and the database login',
    (name) => {
      const statements = statementsOf(get(name), JOB_ROLE);
      for (const action of actionsOf(statements)) expect(action, action).not.toContain('*');
      expect(actionsOf(statements)).toEqual(
        expect.arrayContaining([
          'dynamodb:BatchWriteItem',
          'dynamodb:Query',
          'rds-db:connect',
          's3:ListBucket',
        ]),
      );
      expect(resourcesFor(statements, 's3:GetObject')).toEqual(
        expect.arrayContaining([
          expect.stringContaining('ImageBucketName"},"/products/*"]'),
          expect.stringContaining('JobsBucketName"},"/*"]'),
        ]),
      );
      expect(resourcesFor(statements, 's3:PutObject')).toEqual(
        expect.arrayContaining([
          expect.stringContaining('ImageBucketName"},"/products/*/images/*/*/*"]'),
          expect.stringContaining('JobsBucketName"},"/*"]'),
        ]),
      );
    },
  );
});

describe('jobs Lambda', () => {
  it.each(names)('%s: 15 minutes, memory for sharp, in the VPC next to the database', (name) => {
    const fn = jobsFunction(name);
    expect(fn).toMatchObject({
      Architectures: ['arm64'],
      Runtime: 'nodejs22.x',
      Timeout: 900,
      MemorySize: STAGE_CONFIGS[stageOf(name)].jobs.lambdaMemoryMb,
    });
    expect(JSON.stringify(fn.VpcConfig)).toContain('workloadSubnet');
    const env = (fn.Environment as { Variables: Props }).Variables;
    expect(env).toMatchObject({ DATABASE_POOL_MAX: '1', MIGRATE_ON_START: 'false' });
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['TABLE_NAME', 'IMAGE_BUCKET', 'JOBS_BUCKET']));
  });

  it.each(names)("%s: has the job role's grants and a failure queue after one retry", (name) => {
    const variant = get(name);
    const role = new Set(actionsOf(statementsOf(variant, JOB_ROLE)));
    const fn = new Set(actionsOf(statementsOf(variant, JOBS_FUNCTION)));
    for (const action of role) expect(fn, action).toContain(action);
    const { properties } = resourceByPrefix(
      variant.api,
      'AWS::Lambda::EventInvokeConfig',
      `${JOBS_FUNCTION}EventInvokeConfig`,
    );
    expect(properties).toMatchObject({ MaximumRetryAttempts: 1 });
    expect(JSON.stringify(properties.DestinationConfig)).toContain('WorkersJobsFunctionFailedInvocations');
  });

  it('ships the jobs bundle with sharp', () => {
    const dir = functionAssetDir(get('fargate/prod'), jobsFunction('fargate/prod'));
    expect(readFileSync(join(dir, 'index.mjs'), 'utf8').startsWith(JOB_BUNDLE_MARKER)).toBe(true);
    expect(existsSync(join(dir, 'node_modules', '@img', 'sharp-linux-arm64', 'package.json'))).toBe(true);
  });
});

/** The API's environment, from the Lambda function or from the container of the task definition. */
function apiEnv(name: string): Props {
  const variant = get(name);
  if (name.startsWith('lambda')) {
    const fn = resourceByPrefix(variant.api, 'AWS::Lambda::Function', 'ApiFunction').properties;
    return (fn.Environment as { Variables: Props }).Variables;
  }
  const task = resourceByPrefix(variant.api, 'AWS::ECS::TaskDefinition', 'ApiTaskDefinition').properties;
  const [container] = task.ContainerDefinitions as Array<{
    Environment: Array<{ Name: string; Value: unknown }>;
  }>;
  return Object.fromEntries((container?.Environment ?? []).map((e) => [e.Name, e.Value]));
}

describe('the API starts jobs', () => {
  it.each(names)(
    '%s: knows the queue, each exact job-definition ARN, the jobs function and both buckets',
    (name) => {
      const env = apiEnv(name);
      const queue = resourceByPrefix(get(name).api, 'AWS::Batch::JobQueue', 'WorkersBatchQueue');
      expect(env.JOBS_QUEUE_ARN).toEqual({ 'Fn::GetAtt': [queue.logicalId, 'JobQueueArn'] });
      expect(env.JOBS_FUNCTION_NAME).toEqual({ Ref: expect.stringMatching(new RegExp(`^${JOBS_FUNCTION}`)) });
      expect(JSON.stringify(env.IMAGE_BUCKET)).toContain('-Data-ImageBucketName');
      expect(JSON.stringify(env.JOBS_BUCKET)).toContain('-Data-JobsBucketName');
      // Variant URLs the API hands out start at the CDN: the bucket itself is private.
      expect(env.IMAGE_PUBLIC_BASE_URL).toEqual({
        'Fn::ImportValue': `Slimshop-${stageOf(name)}-Data-ImagePublicBaseUrl`,
      });
      // A JSON object built by Fn::Join: each job name followed by the Ref (ARN with revision) of its definition.
      const parts = (env.JOB_DEFINITION_ARNS as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
      const rendered = parts
        .map((part) => (typeof part === 'string' ? part : `<${(part as { Ref: string }).Ref}>`))
        .join('');
      const parsed = JSON.parse(rendered) as Record<string, string>;
      expect(Object.keys(parsed).sort()).toEqual([...JOB_NAMES].sort());
      for (const [job, ref] of Object.entries(parsed)) {
        const definition = resourceByPrefix(get(name).api, 'AWS::Batch::JobDefinition', ref.slice(1, -1));
        expect(definition.properties.PlatformCapabilities, job).toEqual(['FARGATE']);
        expect(ref, job).toMatch(
          new RegExp(
            `^<WorkersBatch${job
              .split('-')
              .map((w) => w[0]?.toUpperCase() + w.slice(1))
              .join('')}`,
          ),
        );
      }
    },
  );

  it.each(names)(
    '%s: may submit only those definitions to that queue, and invoke only the jobs function',
    (name) => {
      const statements = statementsOf(get(name), apiRole(name));
      const submit = statements.filter((statement) => actionsOf([statement]).includes('batch:SubmitJob'));
      expect(submit).toHaveLength(1);
      const submitResources = ((submit[0]?.Resource ?? []) as unknown[]).map((resource) =>
        JSON.stringify(resource),
      );
      expect(submitResources).toHaveLength(JOB_NAMES.length + 1);
      expect(submitResources.filter((r) => r.includes('WorkersBatchQueue'))).toHaveLength(1);
      expect(submitResources.filter((r) => /"Ref":"WorkersBatch(?!Bulk)\w+"/.test(r))).toHaveLength(
        JOB_NAMES.length,
      );
      expect(submitResources.join()).not.toContain('"*"');
      const invoke = resourcesFor(statements, 'lambda:InvokeFunction');
      expect(invoke).toHaveLength(1);
      expect(invoke[0]).toContain(JOBS_FUNCTION);
      expect(invoke[0]).not.toContain(IMAGE_FUNCTION);
      // Presigned uploads may create originals only: the variants are the image function's.
      expect(resourcesFor(statements, 's3:PutObject')).toEqual(
        expect.arrayContaining([
          expect.stringContaining('ImageBucketName"},"/products/*/images/*/original"]'),
        ]),
      );
      expect(resourcesFor(statements, 's3:PutObject').join()).not.toContain('/products/*/images/*/*/*');
    },
  );
});
