import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Construct, IConstruct } from 'constructs';
import { apiEnvironment } from '../constructs/api-environment.js';
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
  readonly environment: Record<string, string>;
  /** Table items, image uploads and deletes, jobs: everything the API's role may do besides the database. */
  grant(grantee: IGrantable & IConstruct): void;
}

/**
 * The table access, the image Lambda, the jobs Lambda and Batch (constructs/workers.ts), and the environment
 * the app reads, the same in every API stack (so Lambda and the containers cannot drift apart).
 */
export function addApiBackend(
  scope: Construct,
  props: ApiStackProps,
  runtime: ApiRuntimeSettings,
): ApiBackend {
  const { config } = props;
  const catalog = new CatalogTableAccess(scope, 'Catalog', { tableArnExport: props.tableArnExport });
  const workers = new Workers(scope, 'Workers', {
    config,
    catalog,
    imageBucketNameExport: props.imageBucketNameExport,
    imagePublicBaseUrlExport: props.imagePublicBaseUrlExport,
    jobsBucketNameExport: props.jobsBucketNameExport,
    network: props.network,
    database: props.database,
    imageDirectory: props.imageDirectory,
    bundles: props.workerBundles,
    sharp: props.sharp,
  });
  const environment = {
    ...apiEnvironment({
      tableName: catalog.table.tableName,
      auth: props.auth,
      config,
      database: props.database,
      ...runtime,
    }),
    ...workers.apiEnvironment(),
  };
  return {
    catalog,
    workers,
    environment,
    grant(grantee) {
      catalog.grantReadWriteData(grantee);
      workers.grantApi(grantee);
    },
  };
}
