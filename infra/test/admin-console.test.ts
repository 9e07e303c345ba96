import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { STAGE_CONFIGS } from '../lib/config/stage-config.js';
import { AdminConsole, withSources } from '../lib/constructs/admin-console.js';
import {
  apiResources,
  onlyResource,
  resourceByPrefix,
  type SynthesizedVariant,
  stageOfName,
  synthAllVariants,
} from './synth-variant.js';

const { names, get } = synthAllVariants();

/** A CloudFormation value as text with every intrinsic resolved to its JSON, for "does it name X" checks. */
const text = (value: unknown) => JSON.stringify(value);
const resolved = (variant: SynthesizedVariant, value: unknown) =>
  text(Stack.of(variant.stacks.api).resolve(value));

const consoleOf = (variant: SynthesizedVariant) =>
  variant.stacks.api.node.findChild('AdminConsole') as AdminConsole;

/** The console's address as the API stack's template writes it: `https://<distribution domain>/`. */
const consoleUrl = (variant: SynthesizedVariant) => resolved(variant, consoleOf(variant).url);

/** CORS_ORIGINS as the API's runtime gets it (the Lambda function's or the container's environment). */
function corsOrigins(variant: SynthesizedVariant): unknown {
  const functions = apiResources(variant, 'AWS::Lambda::Function').filter(([id]) =>
    id.startsWith('ApiFunction'),
  );
  if (functions.length === 1) {
    const [, fn] = functions[0] as (typeof functions)[number];
    return (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.CORS_ORIGINS;
  }
  const task = onlyResource(variant.api, 'AWS::ECS::TaskDefinition').properties;
  const [container] = task.ContainerDefinitions as Array<{
    Environment: Array<{ Name: string; Value: unknown }>;
  }>;
  return container?.Environment.find((entry) => entry.Name === 'CORS_ORIGINS')?.Value;
}

describe('the admin console on S3 + CloudFront, in every compute variant', () => {
  it.each(names)(
    '%s: the bucket is private, TLS only, and read by CloudFront through origin access control',
    (name) => {
      const variant = get(name);
      const bucket = resourceByPrefix(variant.api, 'AWS::S3::Bucket', 'AdminConsoleBucket');
      expect(bucket.properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.properties.OwnershipControls).toEqual({
        Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
      });
      const policy = text(
        resourceByPrefix(variant.api, 'AWS::S3::BucketPolicy', 'AdminConsoleBucket').properties,
      );
      expect(policy).toContain('"aws:SecureTransport":"false"');
      expect(policy).toContain('cloudfront.amazonaws.com');

      const oac = onlyResource(variant.api, 'AWS::CloudFront::OriginAccessControl').properties;
      expect(oac.OriginAccessControlConfig).toMatchObject({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      });
      const distribution = resourceByPrefix(variant.api, 'AWS::CloudFront::Distribution', 'AdminConsole')
        .properties.DistributionConfig as Record<string, unknown>;
      const [origin] = distribution.Origins as Array<Record<string, unknown>>;
      expect(origin?.OriginAccessControlId).toBeDefined();
      expect(distribution.DefaultRootObject).toBe('index.html');
      expect(distribution.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https' });
    },
  );

  it.each(names)(
    '%s: every answer carries the local server’s CSP, with the API and the hosted UI to connect to',
    (name) => {
      const variant = get(name);
      const policy = onlyResource(variant.api, 'AWS::CloudFront::ResponseHeadersPolicy').properties
        .ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, Record<string, unknown>> };
      const security = policy.SecurityHeadersConfig;
      const csp = text(security.ContentSecurityPolicy?.ContentSecurityPolicy);
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
      ])
        expect(csp).toContain(directive);
      expect(csp).not.toContain('unsafe-inline');
      // connect-src names the API's URL and the hosted UI (for the token exchange), nothing else.
      expect(csp).toMatch(/connect-src 'self' .*(execute-api|http)/);
      expect(csp).toContain('.auth.');
      expect(csp).toContain('amazoncognito.com');
      // Image and job file uploads go to the buckets' regional endpoints; images show from the CDN.
      expect(csp).toMatch(/connect-src [^;]*ImageBucketName"\},".s3.us-east-1.amazonaws.com/);
      expect(csp).toMatch(/connect-src [^;]*JobsBucketName"\},".s3.us-east-1.amazonaws.com/);
      expect(csp).toMatch(
        /img-src 'self' data: ",\{"Fn::ImportValue":"Slimshop-(dev|prod)-Data-ImagePublicBaseUrl"/,
      );
      expect(security.StrictTransportSecurity).toMatchObject({
        AccessControlMaxAgeSec: 31536000,
        Override: true,
      });
      expect(security.ContentTypeOptions).toEqual({ Override: true });
      expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    },
  );

  it.each(names)(
    '%s: the app client allows only the code grant, back to the console’s own address',
    (name) => {
      const variant = get(name);
      const client = resourceByPrefix(
        variant.api,
        'AWS::Cognito::UserPoolClient',
        'AdminConsoleClient',
      ).properties;
      expect(client.AllowedOAuthFlows).toEqual(['code']);
      expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
      expect(client.GenerateSecret).toBe(false);
      expect([...(client.AllowedOAuthScopes as string[])].sort()).toEqual(['email', 'openid', 'profile']);
      expect(client.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
      expect(client.SupportedIdentityProviders).toEqual(['COGNITO']);
      const url = consoleUrl(variant);
      expect(text(client.CallbackURLs)).toBe(`[${url}]`);
      expect(text(client.LogoutURLs)).toBe(`[${url}]`);
      const distribution = resourceByPrefix(variant.api, 'AWS::CloudFront::Distribution', 'AdminConsole');
      expect(url).toContain(`"Fn::GetAtt":["${distribution.logicalId}","DomainName"]`);
    },
  );

  it.each(names)('%s: the API allows the console’s origin besides the stage’s CORS origins', (name) => {
    const variant = get(name);
    const cors = text(corsOrigins(variant));
    const origin = text(
      Stack.of(variant.apiStack).resolve(consoleOf(variant).distribution.distributionDomainName),
    );
    expect(cors).toContain(`https://",${origin}`);
    for (const stageOrigin of STAGE_CONFIGS[stageOfName(name)].corsOrigins)
      expect(cors).toContain(stageOrigin);
  });

  it.each(names)(
    '%s: deploys the page with a config naming the API, the hosted UI and the client',
    (name) => {
      const variant = get(name);
      const page = apiResources(variant, 'Custom::CDKBucketDeployment').find(([id]) =>
        id.startsWith('AdminConsolePage'),
      )?.[1].Properties;
      if (page === undefined) throw new Error('no page deployment');
      expect(page.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
      expect(page.Prune).toBe(false);
      // The config the console reads at start, filled in at deploy time (markers stand for the tokens).
      const [, configKey] = page.SourceObjectKeys as string[];
      const configDir = join(variant.outdir, `asset.${(configKey as string).replace(/\.zip$/, '')}`);
      const config = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as Record<
        string,
        string
      >;
      expect(Object.keys(config).sort()).toEqual(['apiBaseUrl', 'clientId', 'cognitoDomain', 'redirectUri']);
      const [, markers = {}] = page.SourceMarkers as Array<Record<string, unknown>>;
      const filled = (key: string) =>
        (config[key] as string).replace(/<<marker:0xbaba:\d+>>/g, (marker) => text(markers[marker]));
      const client = resourceByPrefix(variant.api, 'AWS::Cognito::UserPoolClient', 'AdminConsoleClient');
      expect(filled('clientId')).toBe(text({ Ref: client.logicalId }));
      const distribution = resourceByPrefix(variant.api, 'AWS::CloudFront::Distribution', 'AdminConsole');
      expect(filled('redirectUri')).toBe(
        `https://${text({ 'Fn::GetAtt': [distribution.logicalId, 'DomainName'] })}/`,
      );
      expect(filled('cognitoDomain')).toMatch(/HostedUi.*\.auth\.us-east-1\.amazoncognito\.com$/);
      expect(filled('apiBaseUrl')).toMatch(
        name.startsWith('lambda') ? /^https:\/\/.*execute-api/ : /^https?:\/\/.*ApiEntryAlb/,
      );
    },
  );

  it('the hosted UI domain is the stage’s prefix, on the data stack’s user pool', () => {
    for (const name of names) {
      get(name).data.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
        Domain: STAGE_CONFIGS[stageOfName(name)].adminConsole.cognitoDomainPrefix,
      });
    }
  });
});

describe('withSources', () => {
  it('adds sources to the named directive only, and refuses a policy without it', () => {
    expect(withSources("default-src 'self'; connect-src 'self'", 'connect-src', ['https://a.example'])).toBe(
      "default-src 'self'; connect-src 'self' https://a.example",
    );
    expect(() => withSources("default-src 'self'", 'connect-src', ['https://a.example'])).toThrow(
      /connect-src/,
    );
  });
});

describe('the console files', () => {
  const synthConsole = (siteDir: string) => {
    const stack = new Stack(new App(), 'Console', { env: { region: 'us-east-1' } });
    const adminConsole = new AdminConsole(stack, 'AdminConsole', {
      siteDir,
      userPoolId: 'us-east-1_pool',
      cognitoDomain: 'shop.auth.us-east-1.amazoncognito.com',
      imageOrigin: 'https://images.example',
      uploadOrigins: ['https://images-bucket.s3.us-east-1.amazonaws.com'],
    });
    adminConsole.publish('https://api.example/');
    return { stack, template: Template.fromStack(stack) };
  };
  const deployments = (template: Template) =>
    Object.entries(template.findResources('Custom::CDKBucketDeployment')).map(([id, resource]) => ({
      id,
      properties: resource.Properties as Record<string, unknown>,
      dependsOn: (resource.DependsOn ?? []) as string[],
    }));

  it('deploys hashed files for a year, then the page and config.json to revalidate, keeping old files', () => {
    const siteDir = mkdtempSync(join(tmpdir(), 'admin-site-'));
    mkdirSync(join(siteDir, 'assets'));
    writeFileSync(
      join(siteDir, 'index.html'),
      '<!doctype html><script type="module" src="./assets/app-1a2b.js"></script>',
    );
    writeFileSync(join(siteDir, 'assets', 'app-1a2b.js'), 'export {};');
    const [assets, page] = deployments(synthConsole(siteDir).template).sort((a, b) =>
      a.id.localeCompare(b.id),
    );
    expect(assets?.properties).toMatchObject({
      DestinationBucketKeyPrefix: 'assets/',
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
      Prune: false,
    });
    expect(page?.properties).toMatchObject({ SystemMetadata: { 'cache-control': 'no-cache' }, Prune: false });
    expect(page?.properties.DestinationBucketKeyPrefix).toBeUndefined();
    // The page goes up after the files it names.
    expect(page?.dependsOn.some((id) => id.startsWith('AdminConsoleAssets'))).toBe(true);
  });

  it('deploys a page saying how to build it when dist/admin is missing, and warns at synth', () => {
    const { stack, template } = synthConsole(join(tmpdir(), 'no-such-admin-build'));
    const found = deployments(template);
    expect(found.map(({ id }) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual(['AdminConsolePageCustomResource']);
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('npm run build'));
    expect(warnings).toHaveLength(1);
  });

  it('refuses to publish twice, and a synth without publish names the missing step', () => {
    const stack = new Stack(new App(), 'Console');
    const adminConsole = new AdminConsole(stack, 'AdminConsole', {
      siteDir: '/nowhere',
      userPoolId: 'pool',
      cognitoDomain: 'shop.auth.eu-west-1.amazoncognito.com',
      imageOrigin: 'https://images.example',
      uploadOrigins: ['https://images-bucket.s3.us-east-1.amazonaws.com'],
    });
    expect(() => Template.fromStack(stack)).toThrow(/publish/);
    adminConsole.publish('https://api.example/');
    expect(() => adminConsole.publish('https://other.example/')).toThrow(/once/);
  });
});
