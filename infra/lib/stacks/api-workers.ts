import type { Construct } from 'constructs';
import type { CatalogTableAccess } from '../constructs/table-access.js';
import { Workers } from '../constructs/workers.js';
import type { ApiStackProps } from './api-stack-props.js';

/** The image Lambda, the jobs Lambda and Batch, the same in every API stack (constructs/workers.ts). */
export function addWorkers(scope: Construct, props: ApiStackProps, catalog: CatalogTableAccess): Workers {
  return new Workers(scope, 'Workers', {
    config: props.config,
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
}
