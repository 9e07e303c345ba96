import type { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, type CfnGlobalTable, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/**
 * The single table's key design, mirrored from src/adapters/dynamodb/table-schema.ts (infra may import only
 * env-var names from src/). test/e2e/infra-table-matches-code.test.ts fails when the two drift apart.
 */
export const CATALOG_TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Carts and idempotency records expire through this epoch-seconds attribute. */
  timeToLiveAttribute: 'expiresAt',
  /** Every list in the API is a Query on one of these: no Scan (it reads the whole table) in a request. */
  indexes: [
    { indexName: 'byStatusCreated', partitionKey: 'statusKey', sortKey: 'createdKey' },
    { indexName: 'byStatusPrice', partitionKey: 'statusKey', sortKey: 'priceKey' },
    { indexName: 'byStatusName', partitionKey: 'statusKey', sortKey: 'nameKey' },
    { indexName: 'byCategoryCreated', partitionKey: 'catStatusKey', sortKey: 'createdKey' },
    { indexName: 'byCategoryPrice', partitionKey: 'catStatusKey', sortKey: 'priceKey' },
    { indexName: 'byCategoryName', partitionKey: 'catStatusKey', sortKey: 'nameKey' },
  ],
} as const;

export interface CatalogTableProps {
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
}

/** Catalog, carts and idempotency records: one on-demand table with point-in-time recovery. */
export class CatalogTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: CatalogTableProps) {
    super(scope, id);
    const string = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, 'Table', {
      partitionKey: string(CATALOG_TABLE_DESIGN.partitionKey),
      sortKey: string(CATALOG_TABLE_DESIGN.sortKey),
      billing: Billing.onDemand(),
      timeToLiveAttribute: CATALOG_TABLE_DESIGN.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
      globalSecondaryIndexes: CATALOG_TABLE_DESIGN.indexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: string(index.partitionKey),
        sortKey: string(index.sortKey),
      })),
    });
    // Pinned: a new logical ID would make CloudFormation create a new, empty table.
    (this.table.node.defaultChild as CfnGlobalTable).overrideLogicalId('CatalogTable');
  }
}
