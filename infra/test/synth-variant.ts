import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll } from 'vitest';
import { type Compute, readDeployContext } from '../lib/config/deploy-context.js';
import { REPO_ROOT } from '../lib/config/paths.js';
import type { StageName } from '../lib/config/stage-config.js';
import { resolveSharpRuntime, type SharpArch, sharpPackages } from '../lib/constructs/sharp-code.js';
import { addSlimshop, type SlimshopStacks } from '../lib/slimshop.js';

export interface Variant {
  readonly compute: Compute;
  readonly stage: StageName;
  /** Extra `-c key=value` pairs. */
  readonly context?: Record<string, string>;
}

export interface SynthesizedVariant {
  readonly app: App;
  readonly stacks: SlimshopStacks;
  readonly data: Template;
  readonly api: Template;
  readonly apiStack: Stack;
  /** Where the fake esbuild bundle lives; the Lambda asset must be built from it. */
  readonly bundleDir: string;
  /** The fake image and jobs Lambda bundles. */
  readonly imageBundleDir: string;
  readonly jobBundleDir: string;
  /** The fake relay and email Lambda bundles. */
  readonly relayBundleDir: string;
  readonly emailBundleDir: string;
  readonly outdir: string;
}

export const ALL_VARIANTS: readonly Variant[] = (
  ['lambda', 'fargate', 'fargate-spot', 'ec2'] as const
).flatMap((compute) => (['dev', 'prod'] as const).map((stage) => ({ compute, stage })));

/** The feature flags `cdk synth` would load from cdk.json; without them some constructs synthesise differently. */
function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')).context;
}

export const BUNDLE_MARKER = '// slimshop test bundle';
export const IMAGE_BUNDLE_MARKER = '// slimshop test image bundle';
export const JOB_BUNDLE_MARKER = '// slimshop test job bundle';
export const RELAY_BUNDLE_MARKER = '// slimshop test relay bundle';
export const EMAIL_BUNDLE_MARKER = '// slimshop test email bundle';

function fakeBundle(dir: string, marker: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.mjs'), `${marker}\nexport const handler = async () => ({});\n`);
  return dir;
}

/** A stand-in for `node infra/scripts/stage-sharp.mjs`: sharp's packages for linux-<arch>, one marker file each. */
export function fakeSharpStaging(root: string, arch: SharpArch = 'arm64'): string {
  const stagingDir = join(root, 'sharp');
  for (const name of sharpPackages(arch)) {
    const dir = join(stagingDir, `linux-${arch}`, 'node_modules', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '0.0.0-test' }));
  }
  return stagingDir;
}

/**
 * Synthesises one variant the way infra/bin/app.ts does, with a stand-in Lambda bundle so the tests do not
 * depend on `npm run build`. The container variants use the repository's real Dockerfile directory.
 */
export function synthVariant({ compute, stage, context = {} }: Variant): SynthesizedVariant {
  const root = mkdtempSync(join(tmpdir(), 'slimshop-cdk-'));
  const bundleDir = fakeBundle(join(root, 'bundle'), BUNDLE_MARKER);
  const imageBundleDir = fakeBundle(join(root, 'image'), IMAGE_BUNDLE_MARKER);
  const jobBundleDir = fakeBundle(join(root, 'job'), JOB_BUNDLE_MARKER);
  const relayBundleDir = fakeBundle(join(root, 'relay'), RELAY_BUNDLE_MARKER);
  const emailBundleDir = fakeBundle(join(root, 'email'), EMAIL_BUNDLE_MARKER);
  const sharp = resolveSharpRuntime(fakeSharpStaging(root), join(root, 'no-node-modules'));
  const outdir = join(root, 'cdk.out');
  const app = new App({ outdir, context: { ...cdkJsonContext(), compute, stage, ...context } });
  const stacks = addSlimshop(app, {
    deploy: readDeployContext(app.node),
    lambdaBundleDir: bundleDir,
    imageDirectory: REPO_ROOT,
    workerBundles: {
      image: imageBundleDir,
      job: jobBundleDir,
      relay: relayBundleDir,
      email: emailBundleDir,
    },
    sharp,
    region: 'us-east-1',
  });
  return {
    app,
    stacks,
    data: Template.fromStack(stacks.data),
    api: Template.fromStack(stacks.api),
    apiStack: stacks.api,
    bundleDir,
    imageBundleDir,
    jobBundleDir,
    relayBundleDir,
    emailBundleDir,
    outdir,
  };
}

type Resources = Record<
  string,
  { Type: string; Properties?: Record<string, unknown>; [key: string]: unknown }
>;

/** The single resource of a type, with its logical id; fails when there is not exactly one. */
export function onlyResource(template: Template, type: string) {
  const found = Object.entries(template.findResources(type) as Resources);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  const [logicalId, resource] = found[0] as [string, Resources[string]];
  return { logicalId, resource, properties: resource.Properties ?? {} };
}

/** The single resource of a type whose logical id starts with `prefix` (the construct path, e.g. `ApiFunction`). */
export function resourceByPrefix(template: Template, type: string, prefix: string) {
  const found = Object.entries(template.findResources(type) as Resources).filter(([id]) =>
    id.startsWith(prefix),
  );
  if (found.length !== 1)
    throw new Error(`expected exactly one ${type} named ${prefix}*, found ${found.length}`);
  const [logicalId, resource] = found[0] as [string, Resources[string]];
  return { logicalId, resource, properties: resource.Properties ?? {} };
}

/** The staged directory of a Lambda function's code asset (cdk.out/asset.<hash>). */
export function functionAssetDir(variant: SynthesizedVariant, properties: Record<string, unknown>): string {
  const key = (properties.Code as { S3Key: string }).S3Key;
  return join(variant.outdir, `asset.${key.replace(/\.zip$/, '')}`);
}

type Props = Record<string, unknown>;

/** One statement of an IAM policy, as synthesised. */
export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every resource of a type in the API stack, with its logical id. */
export const apiResources = (variant: SynthesizedVariant, type: string) =>
  Object.entries(variant.api.findResources(type)) as Array<[string, { Properties: Props }]>;

/** Every statement of the API stack's policies attached to the role whose logical id starts with `rolePrefix`. */
export function statementsOf(variant: SynthesizedVariant, rolePrefix: string): PolicyStatement[] {
  return apiResources(variant, 'AWS::IAM::Policy')
    .filter(([, policy]) =>
      (policy.Properties.Roles as Array<{ Ref: string }>).some((role) => role.Ref.startsWith(rolePrefix)),
    )
    .flatMap(
      ([, policy]) => (policy.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement,
    );
}

/** `compute/stage`, the name a test file gives a variant. */
export const variantName = ({ compute, stage }: Variant) => `${compute}/${stage}`;
export const stageOfName = (name: string) => name.split('/')[1] as StageName;

/**
 * Every variant, synthesised once before a file's tests (vitest's beforeAll): `get('lambda/dev')` then
 * returns it.
 */
export function synthAllVariants(timeoutMs = 180_000) {
  const synthesized = new Map<string, SynthesizedVariant>();
  beforeAll(() => {
    for (const variant of ALL_VARIANTS) synthesized.set(variantName(variant), synthVariant(variant));
  }, timeoutMs);
  return {
    names: ALL_VARIANTS.map(variantName),
    get: (name: string) => synthesized.get(name) as SynthesizedVariant,
  };
}
