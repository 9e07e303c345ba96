import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the Docker build context and the base of the build outputs. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Written by `npm run build` (scripts/build.mjs): the esbuild bundle the Lambda runs. */
export const LAMBDA_BUNDLE_DIR = resolve(REPO_ROOT, 'dist/lambda/api');
