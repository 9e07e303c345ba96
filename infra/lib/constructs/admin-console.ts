import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  Annotations,
  DefaultStackSynthesizer,
  Duration,
  Lazy,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  OAuthScope,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { Bucket, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { ADMIN_ASSET_CACHE, adminPageCsp } from '../../../src/http/admin-page-policy.js';
import { PRIVATE_BUCKET } from './private-bucket.js';

/** What the console reads at start (packages/admin/src/console-config.ts), so one build serves every stage. */
export interface AdminConsoleSettings {
  readonly apiBaseUrl: string;
  /** The hosted UI's host name, without a scheme: `<prefix>.auth.<region>.amazoncognito.com`. */
  readonly cognitoDomain: string;
  readonly clientId: string;
  readonly redirectUri: string;
}

export interface AdminConsoleProps {
  /** `dist/admin` as `npm run build` writes it (infra/lib/config/paths.ts ADMIN_CONSOLE_DIR). */
  readonly siteDir: string;
  /** The user pool the console signs in to (the data stack's). */
  readonly userPoolId: string;
  /** The pool's hosted UI host name (the data stack adds the domain): `<prefix>.auth.<region>.amazoncognito.com`. */
  readonly cognitoDomain: string;
  /** Where product images come from (the image CDN's base URL): the page's img-src allows it. */
  readonly imageOrigin: string;
  /**
   * Where presigned uploads go (the image and jobs buckets' regional endpoints, as the SDK presigns them):
   * the page's connect-src allows them, as the local server's does (src/composition/admin-origins.ts).
   */
  readonly uploadOrigins: readonly string[];
}

/** Where the page's links to its config and its hashed files point: the same names `npm run build` writes. */
const CONFIG_KEY = 'config.json';
const ASSETS_DIR = 'assets';
const PAGE_CACHE = 'no-cache';

/** Deployed in place of the page when `dist/admin` is missing (a synth of a fresh checkout, the infra tests). */
const MISSING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Admin console not built</title></head>
<body><main><h1>The admin console was not built</h1>
<p>Run <code>npm run build</code> (or <code>npm run synth</code>, which builds first), then deploy again.</p>
</main></body></html>
`;

/**
 * The admin console on AWS: a private bucket behind CloudFront (origin access control, HTTPS only, the same
 * strict CSP the local server sends, plus HSTS), the built files deployed into it, and a Cognito app client
 * for the hosted UI's authorization-code flow with PKCE (a public client: no secret in a browser). Hash
 * routes (`#/orders`) mean the distribution needs no SPA fallback: every page is `/`.
 *
 * Two steps, because the API's CORS origins need the console's origin before the API exists, and the
 * console's config needs the API's URL after:
 *
 * @example
 *   const adminConsole = new AdminConsole(stack, 'AdminConsole', { siteDir, userPoolId, cognitoDomain, imageOrigin, uploadOrigins });
 *   const api = new LambdaApi(stack, 'Api', { environment: { CORS_ORIGINS: adminConsole.origin }, ... });
 *   adminConsole.publish(api.stage.url);
 */
export class AdminConsole extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly client: UserPoolClient;
  /** `https://<id>.cloudfront.net`: the API's CORS origins include it. */
  readonly origin: string;
  /** The page's address, and the client's callback and logout URL. */
  readonly url: string;
  readonly cognitoDomain: string;
  private apiBaseUrl: string | undefined;
  private readonly props: AdminConsoleProps;

  constructor(scope: Construct, id: string, props: AdminConsoleProps) {
    super(scope, id);
    this.props = props;
    this.bucket = new Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Build output only: `npm run build` makes it again, so the bucket goes with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    this.cognitoDomain = props.cognitoDomain;

    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Slimshop admin console: the local server’s CSP, HSTS, nosniff, no framing',
      securityHeadersBehavior: {
        // Resolved at synth: the API's URL is known only once publish() ran.
        contentSecurityPolicy: {
          contentSecurityPolicy: Lazy.string({ produce: () => this.csp() }),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Slimshop admin console',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        // Honours the objects' Cache-Control: a year for hashed files, a revalidation for the page and config.
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.url = `${this.origin}/`;

    this.client = new UserPoolClient(this, 'Client', {
      userPool: UserPool.fromUserPoolId(this, 'UserPool', props.userPoolId),
      generateSecret: false,
      // The hosted UI only: no password or SRP sign-in through this client, just refreshing its tokens.
      authFlows: { userSrp: false },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [this.url],
        logoutUrls: [this.url],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    this.acknowledgeFindings();
  }

  /** Deploys the built console and its config, naming the API it calls. Call once, after the API exists. */
  publish(apiBaseUrl: string): void {
    if (this.apiBaseUrl !== undefined) throw new Error('AdminConsole.publish runs once');
    this.apiBaseUrl = apiBaseUrl;
    const settings: AdminConsoleSettings = {
      apiBaseUrl,
      cognitoDomain: this.cognitoDomain,
      clientId: this.client.userPoolClientId,
      redirectUri: this.url,
    };
    const built = existsSync(join(this.props.siteDir, 'index.html'));
    if (!built)
      Annotations.of(this).addWarning(
        `${this.props.siteDir}/index.html is missing: a placeholder page is deployed. Run \`npm run build\` (npm run synth does).`,
      );
    // Hashed names never change content: a year in every cache. Old files stay (no prune), so a tab still
    // showing the previous page can load the lazy chunks it names.
    const assets = built
      ? new BucketDeployment(this, 'Assets', {
          sources: [Source.asset(join(this.props.siteDir, ASSETS_DIR))],
          destinationBucket: this.bucket,
          destinationKeyPrefix: `${ASSETS_DIR}/`,
          cacheControl: [CacheControl.fromString(ADMIN_ASSET_CACHE)],
          prune: false,
        })
      : undefined;
    const pageSources: ISource[] = [
      built
        ? Source.asset(this.props.siteDir, { exclude: [ASSETS_DIR] })
        : Source.data('index.html', MISSING_PAGE),
      Source.jsonData(CONFIG_KEY, settings),
    ];
    // The page and its config are asked for again on every load (a deploy shows at once), after the files
    // they name are in place.
    const page = new BucketDeployment(this, 'Page', {
      sources: pageSources,
      destinationBucket: this.bucket,
      cacheControl: [CacheControl.fromString(PAGE_CACHE)],
      prune: false,
    });
    if (assets !== undefined) page.node.addDependency(assets);
    this.acknowledgeDeploymentHandler();
  }

  /**
   * The local server's policy (src/http/routes/admin-site.ts), with the API and the hosted UI's token
   * endpoint added to connect-src: the console is not on the API's origin here.
   */
  private csp(): string {
    if (this.apiBaseUrl === undefined) throw new Error('AdminConsole.publish(apiBaseUrl) was never called');
    return withSources(adminPageCsp([this.props.imageOrigin], this.props.uploadOrigins), 'connect-src', [
      this.apiBaseUrl,
      `https://${this.cognitoDomain}`,
    ]);
  }

  private acknowledgeFindings(): void {
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds build output that only CloudFront reads through origin access control; CloudFront metrics show its traffic, and a log bucket would outlive the stack.',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Shop staff may work from any country; signing in through Cognito, not geography, decides who reaches the API.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves a few static files with GET and HEAD only; every call with data goes to the API, so a WAF web ACL here would bill for nothing to inspect.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'Standard logs would need a log bucket that outlives the stack; page loads of a static console are no audit trail (the API logs every call).',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "The default cloudfront.net certificate fixes the viewer TLS policy; a custom domain with an ACM certificate (TLSv1.2_2021) is the shop owner's step in docs/deploy.md.",
      },
    );
  }

  /** The deployments' handler: a CDK singleton function at the stack's root, with CDK's own role. */
  private acknowledgeDeploymentHandler(): void {
    for (const child of Stack.of(this).node.children) {
      if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
      Validations.of(child).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason:
            'The AWS-maintained basic execution policy only lets the CDK deployment handler write its own CloudWatch logs.',
        },
        ...deploymentHandlerWildcards(Stack.of(this), this.bucket).map((id) => ({
          id,
          reason:
            "CDK's deployment handler syncs whole prefixes: it reads the staged zips in the CDK assets bucket and writes, lists and deletes objects in the console bucket only, nothing else.",
        })),
        {
          id: 'AwsSolutions-L1',
          reason:
            'CDK pins the deployment handler (Python and the AWS CLI layer) and moves it to a newer runtime when aws-cdk-lib is upgraded.',
        },
      );
    }
  }
}

/**
 * The wildcards of the policy CDK gives its deployment handler, as cdk-nag names them: the S3 action groups,
 * the CDK assets bucket's objects (the default bootstrap qualifier) and the console bucket's objects.
 */
function deploymentHandlerWildcards(stack: Stack, bucket: Bucket): string[] {
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const assetsBucket = `cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-${region}`;
  const consoleBucket = stack.getLogicalId(bucket.node.defaultChild as CfnBucket);
  return [
    ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map(
      (action) => `AwsSolutions-IAM5[Action::${action}]`,
    ),
    `AwsSolutions-IAM5[Resource::arn:aws:s3:::${assetsBucket}/*]`,
    `AwsSolutions-IAM5[Resource::<${consoleBucket}.Arn>/*]`,
  ];
}

/**
 * A policy with sources added to one of its directives.
 *
 * @example
 *   withSources("default-src 'self'; connect-src 'self'", 'connect-src', ['https://api.example'])
 *   // "default-src 'self'; connect-src 'self' https://api.example"
 */
export function withSources(policy: string, directive: string, sources: readonly string[]): string {
  const directives = policy.split('; ');
  const index = directives.findIndex((entry) => entry.split(' ')[0] === directive);
  if (index === -1) throw new Error(`The policy has no ${directive}: ${policy}`);
  directives[index] = [directives[index], ...sources].join(' ');
  return directives.join('; ');
}
