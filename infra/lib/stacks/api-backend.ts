import { Duration, Fn, Stack } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Construct, IConstruct } from 'constructs';
import type { JobName } from '../../../src/jobs/job.js';
import { ADMIN_CONSOLE_DIR } from '../config/paths.js';
import { AdminConsole } from '../constructs/admin-console.js';
import { apiEnvironment } from '../constructs/api-environment.js';
import { OrderEvents } from '../constructs/order-events.js';
import { Schedules } from '../constructs/schedules.js';
import { grantStripeSecret, paymentsEnvironment } from '../constructs/stripe-secret.js';
import { CatalogTableAccess } from '../constructs/table-access.js';
import { Workers } from '../constructs/workers.js';
import type { ApiStackProps } from './api-stack-props.js';

/** What differs between the API's runtimes in what the app is handed: its pool size and its CA bundle. */
export interface ApiRuntimeSettings {
  readonly databasePoolMax: number;
  readonly caBundlePath: string;
}

/** What every API stack builds around its compute: the table, the workers, the app's environment, its grants. */
export interface ApiBackend {
  readonly catalog: CatalogTableAccess;
  readonly workers: Workers;
  readonly orderEvents: OrderEvents;
  /** The console on S3 + CloudFront: the stack calls `adminConsole.publish(apiUrl)` once its API exists. */
  readonly adminConsole: AdminConsole;
  readonly environment: Record<string, string>;
  /**
   * Table items, image uploads and deletes, jobs, publishing order events, reading the Stripe secret:
   * everything the API's role may do besides the database.
   */
  grant(grantee: IGrantable & IConstruct): void;
}

/**
 * What a scheduled run of cancel-unpaid-orders sends the jobs Lambda (src/entrypoints/lambda-job.ts):
 * `{ scheduled: <job> }` runs one of its allow-listed clock jobs, without arguments and unrecorded.
 */
export const CANCEL_UNPAID_ORDERS_PAYLOAD = { scheduled: 'cancel-unpaid-orders' } satisfies {
  scheduled: JobName;
};

/** How often unpaid orders past PAYMENT_TIMEOUT_MINUTES are cancelled. */
export const CANCEL_UNPAID_ORDERS_EVERY = Duration.minutes(5);

/**
 * The table access, the image Lambda, the jobs Lambda and Batch (constructs/workers.ts), order events and
 * emails (constructs/order-events.ts), the schedules, and the environment the app reads, the same in every
 * API stack (so Lambda and the containers cannot drift apart). The Stripe secret comes from the data stack.
 */
export function addApiBackend(
  scope: Construct,
  props: ApiStackProps,
  runtime: ApiRuntimeSettings,
): ApiBackend {
  const { config } = props;
  const catalog = new CatalogTableAccess(scope, 'Catalog', { tableArnExport: props.tableArnExport });
  const stripeSecretArn = Fn.importValue(props.stripeSecretArnExport);
  const workers = new Workers(scope, 'Workers', {
    config,
    catalog,
    imageBucketNameExport: props.imageBucketNameExport,
    imagePublicBaseUrlExport: props.imagePublicBaseUrlExport,
    jobsBucketNameExport: props.jobsBucketNameExport,
    stripeSecretArn,
    network: props.network,
    database: props.database,
    imageDirectory: props.imageDirectory,
    bundles: props.workerBundles,
    sharp: props.sharp,
  });
  const schedules = new Schedules(scope, 'Schedules');
  const orderEvents = new OrderEvents(scope, 'OrderEvents', {
    config,
    network: props.network,
    database: props.database,
    bundles: props.workerBundles,
    schedules,
  });
  schedules.invokeEvery('CancelUnpaidOrders', workers.jobsFunction.function, {
    every: CANCEL_UNPAID_ORDERS_EVERY,
    description: 'Runs the cancel-unpaid-orders job on the jobs Lambda',
    payload: CANCEL_UNPAID_ORDERS_PAYLOAD,
    // The next run, five minutes later, does the same work.
    retryAttempts: 2,
    maxEventAge: CANCEL_UNPAID_ORDERS_EVERY,
  });
  const adminConsole = new AdminConsole(scope, 'AdminConsole', {
    siteDir: props.adminConsoleDir ?? ADMIN_CONSOLE_DIR,
    userPoolId: props.auth.userPoolId,
    cognitoDomain: props.auth.cognitoDomain,
    imageOrigin: Fn.importValue(props.imagePublicBaseUrlExport),
    // Image and job file uploads go to the buckets' regional endpoints, where the SDK presigns them.
    uploadOrigins: [props.imageBucketNameExport, props.jobsBucketNameExport].map(
      (bucketExport) => `https://${Fn.importValue(bucketExport)}.s3.${Stack.of(scope).region}.amazonaws.com`,
    ),
  });
  const environment = {
    ...apiEnvironment({
      tableName: catalog.table.tableName,
      // Tokens of the console's own app client are accepted as the shop app's are.
      auth: { ...props.auth, otherAudiences: [adminConsole.client.userPoolClientId] },
      // The console calls the API from its CloudFront origin, besides what the stage lists.
      config: { ...config, corsOrigins: [...config.corsOrigins, adminConsole.origin] },
      database: props.database,
      ...runtime,
    }),
    ...workers.apiEnvironment(),
    ...orderEvents.apiEnvironment(),
    ...paymentsEnvironment(stripeSecretArn),
  };
  return {
    catalog,
    workers,
    orderEvents,
    adminConsole,
    environment,
    grant(grantee) {
      catalog.grantReadWriteData(grantee);
      workers.grantApi(grantee);
      orderEvents.grantPublish(grantee);
      grantStripeSecret(grantee, stripeSecretArn);
    },
  };
}
