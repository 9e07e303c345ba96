import { Fn, Stack, Token, Validations } from 'aws-cdk-lib';
import { Grant, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';

export interface BucketAccessProps {
  /** The data stack's export of the bucket's name. */
  readonly bucketNameExport: string;
  /** What the bucket holds, for acknowledgement reasons ("product images", "job files"). */
  readonly holds: string;
}

/** Exact object actions, no `s3:*Object*` families: each grant names what the code calls. */
export interface ObjectGrant {
  /** Key pattern the object actions apply to (`*` matches across `/`). */
  readonly keys: string;
  /** GetObject (HeadObject included). */
  readonly read?: boolean;
  /** PutObject (presigned PUTs too) and AbortMultipartUpload for streamed uploads. */
  readonly write?: boolean;
  /** DeleteObject (DeleteObjects needs it per key). */
  readonly delete?: boolean;
  /** ListBucket, limited by an `s3:prefix` condition to this prefix. */
  readonly listPrefix?: string;
}

/**
 * A data-stack bucket as an API stack sees it: imported through an explicit export (as the table is, see
 * table-access.ts), so CloudFormation keeps the data stack while an API uses it and the grant's key
 * wildcard reads `<export>/<keys>`, a stable id to acknowledge.
 */
export class BucketAccess extends Construct {
  readonly bucket: IBucket;
  private readonly bucketNameExport: string;
  private readonly holds: string;

  constructor(scope: Construct, id: string, props: BucketAccessProps) {
    super(scope, id);
    this.bucketNameExport = props.bucketNameExport;
    this.holds = props.holds;
    this.bucket = Bucket.fromBucketName(this, 'Bucket', Fn.importValue(props.bucketNameExport));
  }

  /** How cdk-nag prints the partition: literal when the stack has a region, else the pseudo parameter. */
  private partition(): string {
    const { partition } = Stack.of(this);
    return Token.isUnresolved(partition) ? '<AWS::Partition>' : partition;
  }

  grantObjects(grantee: IGrantable & IConstruct, grant: ObjectGrant): void {
    const actions = [
      ...(grant.read ? ['s3:GetObject'] : []),
      ...(grant.write ? ['s3:PutObject', 's3:AbortMultipartUpload'] : []),
      ...(grant.delete ? ['s3:DeleteObject'] : []),
    ];
    if (actions.length > 0) {
      Grant.addToPrincipal({ grantee, actions, resourceArns: [this.bucket.arnForObjects(grant.keys)] });
      Validations.of(grantee).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:${this.partition()}:s3:::${this.bucketNameExport}/${grant.keys}]`,
        reason: `Object keys are generated per record (${this.holds}); the wildcard stays inside this one bucket's ${grant.keys} keys.`,
      });
    }
    if (grant.listPrefix !== undefined) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [this.bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${grant.listPrefix}*`] } },
        }),
      );
    }
  }
}
