import type { Node } from 'constructs';
import { STAGE_CONFIGS, STAGES, type StageConfig, type StageName } from './stage-config.js';

export const COMPUTES = ['lambda', 'fargate', 'fargate-spot', 'ec2'] as const;
export type Compute = (typeof COMPUTES)[number];
export type ContainerCompute = Exclude<Compute, 'lambda'>;

/** Raised while reading `-c key=value`, naming the key, so a typo fails before anything is synthesised. */
export class InvalidContextError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`Invalid context: -c ${key} ${reason}`);
    this.name = 'InvalidContextError';
  }
}

/** What one `cdk synth|deploy` builds: the switches from the command line applied to a stage's config. */
export interface DeployContext {
  readonly compute: Compute;
  readonly config: StageConfig;
  /** ACM certificate for an HTTPS listener on the container variants' ALB (HTTP only without it). */
  readonly certificateArn?: string;
}

function readChoice<T extends string>(node: Node, key: string, choices: readonly T[], fallback: T): T {
  const raw: unknown = node.tryGetContext(key) ?? fallback;
  if (typeof raw === 'string' && (choices as readonly string[]).includes(raw)) return raw as T;
  throw new InvalidContextError(key, `must be one of ${choices.join(' | ')}, got ${JSON.stringify(raw)}`);
}

function readOptionalString(node: Node, key: string): string | undefined {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw === 'string') return raw;
  throw new InvalidContextError(key, `must be a string, got ${JSON.stringify(raw)}`);
}

export function readDeployContext(node: Node): DeployContext {
  const compute = readChoice<Compute>(node, 'compute', COMPUTES, 'lambda');
  const stage = readChoice<StageName>(node, 'stage', STAGES, 'dev');
  const certificateArn = readOptionalString(node, 'certificateArn');
  if (certificateArn !== undefined && !certificateArn.startsWith('arn:')) {
    throw new InvalidContextError('certificateArn', 'must be an ACM certificate ARN');
  }
  const corsOrigins = readOptionalString(node, 'corsOrigins');
  const config = STAGE_CONFIGS[stage];
  return {
    compute,
    certificateArn,
    config:
      corsOrigins === undefined
        ? config
        : {
            ...config,
            corsOrigins: corsOrigins
              .split(',')
              .map((origin) => origin.trim())
              .filter(Boolean),
          },
  };
}
