import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the Docker build context and the base of the build outputs. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Written by `npm run build` (scripts/build.mjs): the esbuild bundle the Lambda runs. */
export const LAMBDA_BUNDLE_DIR = resolve(REPO_ROOT, 'dist/lambda/api');

/** The image Lambda's bundle (sharp stays external: see constructs/sharp-code.ts). */
export const IMAGE_BUNDLE_DIR = resolve(REPO_ROOT, 'dist/lambda/image');

/** The jobs Lambda's bundle: runs one recorded job (`{ jobId }`) for jobs estimated to finish within minutes. */
export const JOB_BUNDLE_DIR = resolve(REPO_ROOT, 'dist/lambda/job');

/** The order event relay's bundle: one sweep of the outbox to the event bus per scheduled invocation. */
export const RELAY_BUNDLE_DIR = resolve(REPO_ROOT, 'dist/lambda/relay');

/** The email Lambda's bundle: order events from its SQS queue, sent through SES. */
export const EMAIL_BUNDLE_DIR = resolve(REPO_ROOT, 'dist/lambda/email');

/**
 * sharp's linux packages for the Lambda architecture, installed by `node infra/scripts/stage-sharp.mjs`
 * (npm installs only the build machine's own platform into node_modules).
 */
export const SHARP_STAGING_DIR = resolve(REPO_ROOT, 'dist/sharp');

/** The admin console (packages/admin) as `npm run build` writes it: index.html and hashed assets/. */
export const ADMIN_CONSOLE_DIR = resolve(REPO_ROOT, 'dist/admin');
