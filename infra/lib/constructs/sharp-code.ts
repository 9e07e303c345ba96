import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DockerImage } from 'aws-cdk-lib';
import { Architecture, Code } from 'aws-cdk-lib/aws-lambda';

/** sharp's npm architecture names for the two Lambda architectures. */
export const SHARP_ARCHS = { arm64: Architecture.ARM_64, x64: Architecture.X86_64 } as const;
export type SharpArch = keyof typeof SHARP_ARCHS;

/** Where a linux build of sharp was found, and so which architecture the functions that use it run on. */
export interface SharpRuntime {
  readonly arch: SharpArch;
  readonly architecture: Architecture;
  /** A node_modules directory holding sharp, its JS dependencies and its linux-<arch> binaries. */
  readonly nodeModules: string;
}

/** sharp, its plain-JS dependencies, then the two native packages of the target (`<arch>` filled in). */
export const sharpPackages = (arch: SharpArch): string[] => [
  'sharp',
  '@img/colour',
  'detect-libc',
  'semver',
  `@img/sharp-linux-${arch}`,
  `@img/sharp-libvips-linux-${arch}`,
];

const hasSharpFor = (nodeModules: string, arch: SharpArch) =>
  sharpPackages(arch).every((name) => existsSync(join(nodeModules, name, 'package.json')));

/** Raised when no linux build of sharp is on disk: names the command that stages one. */
export class SharpNotStagedError extends Error {
  constructor(searched: readonly string[]) {
    super(
      `No linux build of sharp in ${searched.join(' or ')}: run \`node infra/scripts/stage-sharp.mjs\` (docs/deploy.md).`,
    );
    this.name = 'SharpNotStagedError';
  }
}

/**
 * Picks the sharp build the image and jobs functions ship with. Graviton (arm64) is preferred: ~20% cheaper
 * per GB-second for the same work. npm installs only the build machine's platform, so arm64 comes from the
 * staging directory (`node infra/scripts/stage-sharp.mjs`) or from node_modules on an arm64 Linux host;
 * failing both, an x86_64 Linux host's own node_modules gives an x86_64 function that works the same.
 */
export function resolveSharpRuntime(stagingDir: string, repoNodeModules: string): SharpRuntime {
  const candidates: Array<{ arch: SharpArch; nodeModules: string }> = [
    { arch: 'arm64', nodeModules: join(stagingDir, 'linux-arm64', 'node_modules') },
    { arch: 'arm64', nodeModules: repoNodeModules },
    { arch: 'x64', nodeModules: repoNodeModules },
  ];
  const found = candidates.find(({ arch, nodeModules }) => hasSharpFor(nodeModules, arch));
  if (!found) throw new SharpNotStagedError([join(stagingDir, 'linux-arm64'), repoNodeModules]);
  return { ...found, architecture: SHARP_ARCHS[found.arch] };
}

/**
 * A function's code: the esbuild bundle directory plus `node_modules/` with sharp for the runtime's
 * architecture (the bundle imports sharp as an external package, resolved next to index.mjs). Copied by a
 * local bundling step, so synthesis never needs Docker; the asset hash covers the copied binaries too.
 */
export function sharpFunctionCode(bundleDir: string, sharp: SharpRuntime): Code {
  return Code.fromAsset(bundleDir, {
    bundling: {
      // Never pulled: local bundling below always succeeds or throws.
      image: DockerImage.fromRegistry('local-bundling-only'),
      local: {
        tryBundle(outputDir) {
          cpSync(bundleDir, outputDir, { recursive: true });
          for (const name of sharpPackages(sharp.arch)) {
            cpSync(join(sharp.nodeModules, name), join(outputDir, 'node_modules', name), {
              recursive: true,
              dereference: true,
            });
          }
          return true;
        },
      },
    },
  });
}
