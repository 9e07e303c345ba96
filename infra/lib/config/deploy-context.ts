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
  const mailFrom = readOptionalString(node, 'mailFrom');
  if (mailFrom !== undefined && sesIdentities(mailFrom) === undefined) {
    throw new InvalidContextError('mailFrom', 'must be an address, or a name and an address in <>');
  }
  const stageConfig = STAGE_CONFIGS[stage];
  if (corsOrigins === undefined && mailFrom === undefined)
    return { compute, certificateArn, config: stageConfig };
  const config: StageConfig = {
    ...stageConfig,
    ...(corsOrigins === undefined
      ? {}
      : {
          corsOrigins: corsOrigins
            .split(',')
            .map((origin) => origin.trim())
            .filter(Boolean),
        }),
    ...(mailFrom === undefined ? {} : { email: { ...stageConfig.email, mailFrom } }),
  };
  return { compute, certificateArn, config };
}

/**
 * The SES identities a sender may be verified as: its address and its domain (`Shop <a@b.example>` ->
 * `a@b.example`, `b.example`); undefined when `mailFrom` holds no address.
 */
export function sesIdentities(mailFrom: string): { address: string; domain: string } | undefined {
  const match =
    /^(?:[^<>\r\n]*<([^\s<>@]+@([^\s<>@]+\.[^\s<>@]+))>|([^\s<>@]+@([^\s<>@]+\.[^\s<>@]+)))$/.exec(
      mailFrom.trim(),
    );
  if (!match) return undefined;
  const address = (match[1] ?? match[3]) as string;
  const domain = (match[2] ?? match[4]) as string;
  return { address: address.toLowerCase(), domain: domain.toLowerCase() };
}
