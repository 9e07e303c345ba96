import { Validations } from 'aws-cdk-lib';
import { AutoScalingGroup, BlockDeviceVolume, EbsDeviceVolumeType } from 'aws-cdk-lib/aws-autoscaling';
import { type IConnectable, InstanceType, Port } from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import {
  AmiHardwareType,
  AsgCapacityProvider,
  type BaseService,
  type BaseServiceOptions,
  type Cluster,
  CpuArchitecture,
  Ec2Service,
  Ec2TaskDefinition,
  EcsOptimizedImage,
  FargateService,
  FargateTaskDefinition,
  NetworkMode,
  OperatingSystemFamily,
  type TaskDefinition,
} from 'aws-cdk-lib/aws-ecs';
import type { Construct } from 'constructs';
import type { ContainerCompute } from '../config/deploy-context.js';
import type { ContainerApiConfig } from '../config/stage-config.js';
import type { ShopNetwork } from './shop-network.js';
import { workloadSecurityGroup } from './workload-security-group.js';

/** Common service settings, completed per capacity type (launch type, capacity provider, networking). */
export type ServiceSettings = Omit<BaseServiceOptions, 'cluster' | 'capacityProviderStrategies'>;

/** What differs between Fargate, Fargate Spot and ECS on EC2; the service around it is the same. */
export interface ContainerCapacity {
  readonly taskDefinition: TaskDefinition;
  /** The CPU the image has to be built for. */
  readonly imagePlatform: Platform;
  /** Bridge networking on EC2 maps the container port to a dynamic host port. */
  readonly hostPort: number | undefined;
  createService(id: string, settings: ServiceSettings): BaseService;
  /** Opens the path from the load balancer to wherever the container port ends up. */
  admitLoadBalancer(loadBalancer: IConnectable): void;
  /** Whose security group the tasks' own connections (to the database proxy) leave from. */
  workload(service: BaseService): IConnectable;
}

interface CapacityProps {
  readonly cluster: Cluster;
  readonly network: ShopNetwork;
  readonly config: ContainerApiConfig;
}

/**
 * Fargate on Graviton, or Fargate Spot. Spot tasks run on X86_64: the ECS user guide lists ARM64 as
 * unsupported on FARGATE_SPOT (the API reference has since said otherwise); x86 Spot is valid either way
 * and still cheaper than ARM on demand.
 */
function fargateCapacity(scope: Construct, props: CapacityProps, spot: boolean): ContainerCapacity {
  const { cluster, network, config } = props;
  const cpuArchitecture = spot ? CpuArchitecture.X86_64 : CpuArchitecture.ARM64;
  const taskDefinition = new FargateTaskDefinition(scope, 'TaskDefinition', {
    cpu: config.cpu,
    memoryLimitMiB: config.memoryMiB,
    runtimePlatform: { cpuArchitecture, operatingSystemFamily: OperatingSystemFamily.LINUX },
  });
  if (spot) cluster.enableFargateCapacityProviders();
  return {
    taskDefinition,
    imagePlatform: spot ? Platform.LINUX_AMD64 : Platform.LINUX_ARM64,
    hostPort: undefined,
    createService: (id, settings) =>
      new FargateService(scope, id, {
        ...settings,
        cluster,
        taskDefinition,
        vpcSubnets: network.workloadSubnets,
        assignPublicIp: false,
        securityGroups: [workloadSecurityGroup(scope, 'TaskSecurityGroup', network.vpc, 'API tasks')],
        capacityProviderStrategies: spot
          ? [
              ...(config.spotOnDemandBase > 0
                ? [{ capacityProvider: 'FARGATE', base: config.spotOnDemandBase, weight: 0 }]
                : []),
              { capacityProvider: 'FARGATE_SPOT', weight: 1 },
            ]
          : undefined,
      }),
    // Each task has the service's security group; registering it as a target opens the container port.
    admitLoadBalancer: () => {},
    workload: (service) => service,
  };
}

/** Where ECS maps bridge-mode container ports on Linux hosts. */
const DYNAMIC_HOST_PORTS = Port.tcpRange(32768, 65535);

const GRAVITON = /^[a-z]+\d+g[a-z]*\.[a-z0-9]+$/;

/** The AMI is arm64: an x86 type would launch instances that never join the cluster. */
export function assertGraviton(instanceType: string): void {
  if (!GRAVITON.test(instanceType)) {
    throw new Error(`ec2InstanceType ${instanceType} is not Graviton (t4g, m7g, c7g, ...): the AMI is arm64`);
  }
}

/** ECS on EC2: Graviton instances in an auto-scaling group that ECS scales as a capacity provider. */
function ec2Capacity(scope: Construct, props: CapacityProps): ContainerCapacity {
  const { cluster, network, config } = props;
  assertGraviton(config.ec2InstanceType);
  const instances = new AutoScalingGroup(scope, 'Instances', {
    vpc: network.vpc,
    vpcSubnets: network.workloadSubnets,
    securityGroup: workloadSecurityGroup(
      scope,
      'InstanceSecurityGroup',
      network.vpc,
      'API container instances',
    ),
    instanceType: new InstanceType(config.ec2InstanceType),
    machineImage: EcsOptimizedImage.amazonLinux2023(AmiHardwareType.ARM),
    minCapacity: config.ec2MinInstances,
    maxCapacity: config.ec2MaxInstances,
    requireImdsv2: true,
    blockDevices: [
      {
        deviceName: '/dev/xvda',
        volume: BlockDeviceVolume.ebs(30, { encrypted: true, volumeType: EbsDeviceVolumeType.GP3 }),
      },
    ],
  });
  Validations.of(instances).acknowledge(
    {
      id: 'AwsSolutions-EC28',
      reason:
        'ECS managed scaling sizes this group from CapacityProviderReservation, not EC2 metrics; 1-minute detailed monitoring would bill per instance for no scaling decision.',
    },
    {
      id: 'AwsSolutions-AS3',
      reason:
        'Instances are launched and drained by the ECS capacity provider, whose events already reach EventBridge and the ECS service event log; no one subscribes to ASG notifications.',
    },
  );
  Validations.of(instances.role).acknowledge(
    {
      id: 'AwsSolutions-IAM5[Action::ecs:Submit*]',
      reason:
        'The ECS container agent reports task, container and attachment state through the ecs:Submit* family; CDK scopes it to this cluster.',
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Agent calls such as ecs:DiscoverPollEndpoint and ecr:GetAuthorizationToken support no resource-level permissions.',
    },
  );
  // ECS drains an instance's tasks before scale-in itself, so CDK adds no drain-hook Lambda and SNS topic.
  const provider = new AsgCapacityProvider(scope, 'CapacityProvider', {
    autoScalingGroup: instances,
    enableManagedDraining: true,
  });
  cluster.addAsgCapacityProvider(provider);
  const taskDefinition = new Ec2TaskDefinition(scope, 'TaskDefinition', { networkMode: NetworkMode.BRIDGE });
  return {
    taskDefinition,
    imagePlatform: Platform.LINUX_ARM64,
    hostPort: 0,
    createService: (id, settings) =>
      new Ec2Service(scope, id, {
        ...settings,
        cluster,
        taskDefinition,
        capacityProviderStrategies: [{ capacityProvider: provider.capacityProviderName, weight: 1 }],
      }),
    // Bridge-mode tasks have no security group of their own: the dynamic host ports are on the instances.
    admitLoadBalancer: (loadBalancer) =>
      instances.connections.allowFrom(loadBalancer, DYNAMIC_HOST_PORTS, 'load balancer to bridge-mode tasks'),
    workload: () => instances,
  };
}

export function containerCapacity(
  scope: Construct,
  compute: ContainerCompute,
  props: CapacityProps,
): ContainerCapacity {
  switch (compute) {
    case 'fargate':
      return fargateCapacity(scope, props, false);
    case 'fargate-spot':
      return fargateCapacity(scope, props, true);
    case 'ec2':
      return ec2Capacity(scope, props);
  }
}
