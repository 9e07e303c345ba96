import { Duration, RemovalPolicy, Size, Stack, Validations } from 'aws-cdk-lib';
import {
  Action,
  AllocationStrategy,
  EcsEc2ContainerDefinition,
  EcsFargateContainerDefinition,
  EcsJobDefinition,
  FargateComputeEnvironment,
  type IEcsContainerDefinition,
  JobQueue,
  ManagedEc2EcsComputeEnvironment,
  Reason,
  RetryStrategy,
} from 'aws-cdk-lib/aws-batch';
import { type IConnectable, InstanceClass, type SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { ContainerImage, CpuArchitecture, LogDriver } from 'aws-cdk-lib/aws-ecs';
import { type IRole, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV } from '../../../src/config/env-names.js';
import { JOB_NAMES, JOB_SPECS, type JobName, type JobSpec } from '../config/job-specs.js';
import type { JobsConfig } from '../config/stage-config.js';
import { IMAGE_EXCLUDES } from './container-api.js';
import type { ShopNetwork } from './shop-network.js';
import { workloadSecurityGroup } from './workload-security-group.js';

/** The Dockerfile stage that holds dist/batch (and sharp for linux): the job container. */
export const BATCH_IMAGE_TARGET = 'batch';

/** `Ref::jobId` is filled from SubmitJob's `parameters.jobId`: the job record the container runs. */
export const BATCH_COMMAND = ['node', 'index.mjs', '--job-id', 'Ref::jobId'];

/** EX_TEMPFAIL: what the job exits with when it was interrupted or storage was busy (src/jobs/job.ts). */
export const TRANSIENT_EXIT_CODE = '75';

/**
 * Retry a transient failure (exit 75, which the job also uses on SIGTERM, e.g. a Fargate Spot reclaim) and
 * an EC2 Spot instance taken back (`Host EC2 (instance i-...) terminated.`); any other end is final. Batch
 * applies the first match; three attempts in all.
 */
export const RETRY_STRATEGIES = [
  RetryStrategy.of(Action.RETRY, Reason.custom({ onExitCode: TRANSIENT_EXIT_CODE })),
  RetryStrategy.of(Action.RETRY, Reason.SPOT_INSTANCE_RECLAIMED),
  RetryStrategy.of(Action.EXIT, Reason.custom({ onReason: '*' })),
];
export const JOB_ATTEMPTS = 3;

/**
 * x86 EC2 Spot classes for the bulk queue: the job image is linux/amd64 (Fargate Spot has no Graviton in
 * Batch), and spreading over several current x86 families gives SPOT_PRICE_CAPACITY_OPTIMIZED deep pools,
 * so fewer interruptions, at roughly Graviton's Spot price.
 */
export const BULK_INSTANCE_CLASSES = [
  InstanceClass.C6I,
  InstanceClass.C7I,
  InstanceClass.M6I,
  InstanceClass.M7I,
  InstanceClass.C6A,
  InstanceClass.M6A,
];

export interface BatchJobsProps {
  readonly network: ShopNetwork;
  /** Directory holding the Dockerfile (the repository root). */
  readonly imageDirectory: string;
  readonly environment: Record<string, string>;
  readonly config: JobsConfig;
  readonly logRetention: RetentionDays;
}

/**
 * AWS Batch for jobs that outgrow Lambda's 15 minutes:
 * - `queue` (the API submits here): Fargate Spot first, on-demand Fargate when Spot has no capacity;
 *   one Fargate job definition per job, each submitted by its exact ARN (revision included).
 * - `bulkQueue`: EC2 Spot for operators' big `reoptimize-images` array jobs. Batch cannot mix EC2 and
 *   Fargate environments in one queue, so EC2 Spot gets a queue and a job definition of its own.
 * Every environment has min vCPU 0: no job, no instance, no task, no bill.
 */
export class BatchJobs extends Construct {
  readonly queue: JobQueue;
  readonly bulkQueue: JobQueue;
  readonly definitions: ReadonlyMap<JobName, EcsJobDefinition>;
  readonly bulkReoptimizeImages: EcsJobDefinition;
  /** What the jobs may do: grants go here (table, buckets, database login). */
  readonly jobRole: Role;
  /** The Fargate jobs' security group: the one the database admits (sales-report). */
  readonly securityGroup: SecurityGroup;
  readonly workload: IConnectable;

  constructor(scope: Construct, id: string, props: BatchJobsProps) {
    super(scope, id);
    const { network, config } = props;
    this.securityGroup = workloadSecurityGroup(this, 'SecurityGroup', network.vpc, 'Batch jobs');
    this.workload = this.securityGroup;

    const fargate = (envId: string, spot: boolean) =>
      new FargateComputeEnvironment(this, envId, {
        vpc: network.vpc,
        vpcSubnets: network.workloadSubnets,
        securityGroups: [this.securityGroup],
        spot,
        maxvCpus: config.fargateMaxVcpus,
      });
    this.queue = new JobQueue(this, 'Queue', {
      computeEnvironments: [
        { computeEnvironment: fargate('FargateSpot', true), order: 1 },
        { computeEnvironment: fargate('Fargate', false), order: 2 },
      ],
    });

    const ec2Spot = new ManagedEc2EcsComputeEnvironment(this, 'Ec2Spot', {
      vpc: network.vpc,
      vpcSubnets: network.workloadSubnets,
      securityGroups: [
        workloadSecurityGroup(this, 'Ec2SecurityGroup', network.vpc, 'Batch EC2 Spot instances'),
      ],
      spot: true,
      allocationStrategy: AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED,
      instanceClasses: BULK_INSTANCE_CLASSES,
      useOptimalInstanceClasses: false,
      minvCpus: 0,
      maxvCpus: config.ec2SpotMaxVcpus,
    });
    this.bulkQueue = new JobQueue(this, 'BulkQueue', {
      computeEnvironments: [{ computeEnvironment: ec2Spot, order: 1 }],
    });

    this.jobRole = new Role(this, 'JobRole', {
      assumedBy: new ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'Slimshop Batch jobs: catalog table, image and jobs buckets, the database login',
    });
    const executionRole = new Role(this, 'ExecutionRole', {
      assumedBy: new ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'Slimshop Batch jobs: pull the job image, write the job logs',
    });
    const logs = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const image = ContainerImage.fromAsset(props.imageDirectory, {
      target: BATCH_IMAGE_TARGET,
      exclude: IMAGE_EXCLUDES,
      platform: Platform.LINUX_AMD64,
    });
    const container = (name: JobName, spec: JobSpec) => ({
      image,
      cpu: spec.vcpus,
      memory: Size.mebibytes(spec.memoryMiB),
      command: BATCH_COMMAND,
      // Lambda sets AWS_REGION itself; a Batch container gets only what its definition says.
      environment: { ...props.environment, [ENV.region]: Stack.of(this).region },
      jobRole: this.jobRole,
      executionRole,
      logging: LogDriver.awsLogs({ streamPrefix: name, logGroup: logs }),
    });
    const definition = (defId: string, name: JobName, containerDefinition: IEcsContainerDefinition) =>
      new EcsJobDefinition(this, defId, {
        container: containerDefinition,
        retryAttempts: JOB_ATTEMPTS,
        retryStrategies: RETRY_STRATEGIES,
        timeout: Duration.minutes(JOB_SPECS[name].timeoutMinutes),
        propagateTags: true,
      });

    const definitions = new Map<JobName, EcsJobDefinition>();
    for (const name of JOB_NAMES) {
      const spec = JOB_SPECS[name];
      const fargateContainer = new EcsFargateContainerDefinition(this, `${pascal(name)}Container`, {
        ...container(name, spec),
        fargateCpuArchitecture: CpuArchitecture.X86_64,
        assignPublicIp: false,
      });
      definitions.set(name, definition(pascal(name), name, fargateContainer));
    }
    this.definitions = definitions;
    const bulkSpec = JOB_SPECS['reoptimize-images'];
    this.bulkReoptimizeImages = definition(
      'BulkReoptimizeImages',
      'reoptimize-images',
      new EcsEc2ContainerDefinition(
        this,
        'BulkReoptimizeImagesContainer',
        container('reoptimize-images', bulkSpec),
      ),
    );

    this.acknowledgeFindings(executionRole, ec2Spot.instanceRole);
  }

  /** Lets `grantee` submit each job to the API's queue by its exact job-definition ARN, and nothing else. */
  grantSubmit(grantee: Parameters<EcsJobDefinition['grantSubmitJob']>[0]): void {
    for (const definition of this.definitions.values()) definition.grantSubmitJob(grantee, this.queue);
  }

  private acknowledgeFindings(executionRole: Role, instanceRole: IRole | undefined): void {
    Validations.of(executionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Pulling the job image needs ecr:GetAuthorizationToken, which supports no resource-level permissions.',
    });
    if (!instanceRole) throw new Error('the EC2 Spot compute environment has no instance role: CDK changed');
    Validations.of(instanceRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role]',
      reason:
        'The ECS agent on Batch-managed Spot instances needs the AWS-maintained container-instance policy to register, pull and report; AWS keeps it current with the agent.',
    });
  }
}

const pascal = (name: string) =>
  name
    .split('-')
    .map((part) => `${part[0]?.toUpperCase()}${part.slice(1)}`)
    .join('');
