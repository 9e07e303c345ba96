import type { StackProps } from 'aws-cdk-lib';
import type { StageConfig } from '../config/stage-config.js';
import type { ApiAuth } from '../constructs/api-environment.js';
import type { DatabaseEndpoint } from '../constructs/database-access.js';
import type { DatabaseIds } from '../constructs/monitoring.js';
import type { SharpRuntime } from '../constructs/sharp-code.js';
import type { ShopNetwork } from '../constructs/shop-network.js';
import type { WorkerBundles } from '../constructs/workers.js';

/** The user pool as an API stack needs it: verifying tokens, and the admin console's hosted-UI sign-in. */
export interface ShopAuth extends ApiAuth {
  readonly userPoolId: string;
  /** The hosted UI's host name: `<prefix>.auth.<region>.amazoncognito.com`. */
  readonly cognitoDomain: string;
}

/** What every API stack takes from the data stack and the stage. */
export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly tableArnExport: string;
  readonly auth: ShopAuth;
  /** The data stack's VPC: the API runs in its workload subnets, next to the database proxy. */
  readonly network: ShopNetwork;
  readonly database: DatabaseEndpoint;
  /** The cluster's and the proxy's names, for alarms and the dashboard. */
  readonly databaseIds: DatabaseIds;
  readonly imageBucketNameExport: string;
  readonly imagePublicBaseUrlExport: string;
  readonly jobsBucketNameExport: string;
  /** The data stack's export of the Stripe secret's ARN (STRIPE_SECRET_ARN). */
  readonly stripeSecretArnExport: string;
  /** Directory holding the Dockerfile (the repository root): the job image, and the API's on ECS. */
  readonly imageDirectory: string;
  readonly workerBundles: WorkerBundles;
  /** The sharp build the image and jobs functions ship with; it decides their architecture. */
  readonly sharp: SharpRuntime;
  /** The built admin console (`dist/admin`); by default where `npm run build` writes it. */
  readonly adminConsoleDir?: string;
}
