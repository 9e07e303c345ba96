#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeployContext } from '../lib/config/deploy-context.js';
import { LAMBDA_BUNDLE_DIR, REPO_ROOT } from '../lib/config/paths.js';
import { addSlimshop } from '../lib/slimshop.js';

const app = new App();
const deploy = readDeployContext(app.node);
if (deploy.compute === 'lambda' && !existsSync(join(LAMBDA_BUNDLE_DIR, 'index.mjs'))) {
  // Fail here, naming the fix, rather than deep inside asset staging.
  throw new Error(`${LAMBDA_BUNDLE_DIR}/index.mjs is missing: run \`npm run build\` (npm run synth does).`);
}
addSlimshop(app, {
  deploy,
  lambdaBundleDir: LAMBDA_BUNDLE_DIR,
  imageDirectory: REPO_ROOT,
  region: process.env.CDK_DEFAULT_REGION,
});
// Synthesis fails on any AwsSolutions finding not acknowledged (with a reason) next to its resource.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
