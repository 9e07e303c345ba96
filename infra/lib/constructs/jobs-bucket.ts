import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Bucket, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PRESIGNED_UPLOADS_CORS, PRIVATE_BUCKET } from './private-bucket.js';

export interface JobsBucketProps {
  readonly removalPolicy: RemovalPolicy;
  /** Days every job file (input, export, report) is kept: they are working files, not records. */
  readonly filesExpireAfterDays: number;
}

/**
 * Job inputs (catalog files to import), exports and reports: the `s3://` locations of `POST /jobs` args.
 * Private, TLS only, encrypted, and self-cleaning: an idle shop pays for no forgotten export.
 */
export class JobsBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: JobsBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      removalPolicy: props.removalPolicy,
      // Import files go from the admin console straight to S3 with the API's presigned URLs (POST /jobs/files).
      cors: PRESIGNED_UPLOADS_CORS,
      lifecycleRules: [
        {
          id: 'expire-job-files',
          expiration: Duration.days(props.filesExpireAfterDays),
          // A killed streaming export leaves parts that no listing shows but storage bills.
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    // Pinned like the image bucket: a new logical ID would orphan the old bucket and its files.
    (this.bucket.node.defaultChild as CfnBucket).overrideLogicalId('JobsBucket');
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Job files are written and read only by the app and its job role, and expire within days; a second bucket for server access logs would outlive them. CloudTrail S3 data events are the audit path if one is needed.',
    });
  }
}
