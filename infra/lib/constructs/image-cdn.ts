import { Annotations, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  PriceClass,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface ImageCdnProps {
  readonly bucket: IBucket;
  /** The variant keys (src/domain/media/image.ts layout): the only objects browsers may fetch. */
  readonly variantKeys: string;
}

/**
 * Where browsers fetch image variants (IMAGE_PUBLIC_BASE_URL): CloudFront in front of the private image bucket
 * through origin access control. The bucket policy lets the distribution read variant keys only: an
 * original still carries the uploader's metadata (GPS) and is never served. Variant keys change with every
 * upload, so the edge may cache them for as long as it likes. No cost at idle: requests and bytes only.
 */
export class ImageCdn extends Construct {
  readonly distribution: Distribution;
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: ImageCdnProps) {
    super(scope, id);
    const { bucket } = props;
    // Given as an imported bucket so CDK adds no `<bucket>/*` read statement of its own: ours below is narrower.
    const origin = S3BucketOrigin.withOriginAccessControl(
      Bucket.fromBucketAttributes(this, 'Origin', {
        bucketName: bucket.bucketName,
        region: Stack.of(this).region,
      }),
    );
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Slimshop product image variants',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        compress: false,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
    });
    Annotations.of(this).acknowledgeWarning(
      '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
      'The image bucket policy grants the distribution variant keys only (ImageCdn).',
    );
    bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudFrontReadsVariantsOnly',
        principals: [new ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [bucket.arnForObjects(props.variantKeys)],
        conditions: { StringEquals: { 'AWS:SourceArn': this.distribution.distributionArn } },
      }),
    );
    this.baseUrl = `https://${this.distribution.distributionDomainName}`;
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Product pictures are public marketing content meant for shoppers in every country; geo restriction would only hide the catalog.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves static, immutable image variants with GET and HEAD only; a WAF web ACL bills monthly and per request for no input to inspect.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'Standard logs would need a log bucket that outlives the stack; CloudFront metrics cover traffic, and image views are not an audit trail.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "The default cloudfront.net certificate fixes the viewer TLS policy; a custom domain with an ACM certificate (TLSv1.2_2021) is the shop owner's step in docs/deploy.md.",
      },
    );
  }
}
