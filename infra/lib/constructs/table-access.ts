import { Fn, Validations } from 'aws-cdk-lib';
import { type ITableV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct, type IConstruct } from 'constructs';
import { CATALOG_TABLE_DESIGN } from './catalog-table.js';

export interface CatalogTableAccessProps {
  /** The data stack's export of the table ARN. */
  readonly tableArnExport: string;
}

/**
 * The catalog table as an API stack sees it. Imported through an explicit export (not an automatic
 * cross-stack reference) for two reasons: CloudFormation then refuses to delete the data stack while an
 * API still uses it, and the grant's index wildcard reads `<export>/index/*`, a stable id to acknowledge.
 */
export class CatalogTableAccess extends Construct {
  readonly table: ITableV2;
  private readonly tableArnExport: string;

  constructor(scope: Construct, id: string, props: CatalogTableAccessProps) {
    super(scope, id);
    this.tableArnExport = props.tableArnExport;
    this.table = TableV2.fromTableAttributes(this, 'Table', {
      tableArn: Fn.importValue(props.tableArnExport),
      globalIndexes: CATALOG_TABLE_DESIGN.indexes.map((index) => index.indexName),
    });
  }

  /** Item reads and writes on the table and its indexes; no table management, no `dynamodb:*`. */
  grantReadWriteData(grantee: IGrantable & IConstruct): void {
    this.table.grantReadWriteData(grantee);
    Validations.of(grantee).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.tableArnExport}/index/*]`,
      reason:
        "Every list endpoint queries one of the table's GSIs; the wildcard stays inside this one table's /index/ path.",
    });
  }
}
