#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeployContext } from '../lib/config/deploy-context.js';
import {
  EMAIL_BUNDLE_DIR,
  IMAGE_BUNDLE_DIR,
  JOB_BUNDLE_DIR,
  LAMBDA_BUNDLE_DIR,
  RELAY_BUNDLE_DIR,
  REPO_ROOT,
  SHARP_STAGING_DIR,
} from '../lib/config/paths.js';
import { resolveSharpRuntime } from '../lib/constructs/sharp-code.js';
import { addSlimshop } from '../lib/slimshop.js';

const built = (dir: string) => existsSync(join(dir, 'index.mjs'));
// Fail here, naming the fix, rather than deep inside asset staging.
const requireBundle = (dir: string) => {
  if (!built(dir))
    throw new Error(`${dir}/index.mjs is missing: run \`npm run build\` (npm run synth does).`);
};

const app = new App();
const deploy = readDeployContext(app.node);
if (deploy.compute === 'lambda') requireBundle(LAMBDA_BUNDLE_DIR);
// Every variant runs the image and jobs functions (the API's config needs both job runners or neither).
requireBundle(IMAGE_BUNDLE_DIR);
requireBundle(JOB_BUNDLE_DIR);
// Every variant publishes order events and sends order emails.
requireBundle(RELAY_BUNDLE_DIR);
requireBundle(EMAIL_BUNDLE_DIR);
const sharp = resolveSharpRuntime(SHARP_STAGING_DIR, join(REPO_ROOT, 'node_modules'));
if (sharp.arch !== 'arm64') {
  console.warn(
    'sharp for linux-arm64 is not staged: the image and jobs functions run on x86_64 (`node infra/scripts/stage-sharp.mjs` stages arm64).',
  );
}
addSlimshop(app, {
  deploy,
  lambdaBundleDir: LAMBDA_BUNDLE_DIR,
  imageDirectory: REPO_ROOT,
  workerBundles: {
    image: IMAGE_BUNDLE_DIR,
    job: JOB_BUNDLE_DIR,
    relay: RELAY_BUNDLE_DIR,
    email: EMAIL_BUNDLE_DIR,
  },
  sharp,
  region: process.env.CDK_DEFAULT_REGION,
});
// Synthesis fails on any AwsSolutions finding not acknowledged (with a reason) next to its resource.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
