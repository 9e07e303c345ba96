import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Bucket, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PRESIGNED_UPLOADS_CORS, PRIVATE_BUCKET } from './private-bucket.js';

export interface ImageBucketProps {
  readonly removalPolicy: RemovalPolicy;
  readonly versioned: boolean;
  readonly abortIncompleteUploadsAfterDays: number;
  readonly noncurrentVersionExpirationDays: number;
}

/** Product images (originals and web variants): private, TLS only, encrypted. */
export class ImageBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: ImageBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      versioned: props.versioned,
      removalPolicy: props.removalPolicy,
      // Originals go from the browser straight to S3 with the API's presigned URLs.
      cors: PRESIGNED_UPLOADS_CORS,
      lifecycleRules: [
        {
          id: 'abort-incomplete-uploads',
          // Abandoned multipart uploads are invisible in listings but billed as storage.
          abortIncompleteMultipartUploadAfter: Duration.days(props.abortIncompleteUploadsAfterDays),
          ...(props.versioned
            ? { noncurrentVersionExpiration: Duration.days(props.noncurrentVersionExpirationDays) }
            : {}),
        },
      ],
    });
    // Pinned: a new logical ID would make CloudFormation create a new, empty bucket.
    (this.bucket.node.defaultChild as CfnBucket).overrideLogicalId('ImageBucket');
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "Product images carry no personal data and are written only by the app's own roles; a second bucket for server access logs would double the stateful surface without an audit need. Enable CloudTrail S3 data events if one arises.",
    });
  }
}
