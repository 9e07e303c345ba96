import { Validations } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGE_CONFIGS, type StageName } from '../lib/config/stage-config.js';
import { ALL_VARIANTS, type SynthesizedVariant, synthVariant } from './synth-variant.js';

const synthesized = new Map<string, SynthesizedVariant>();
const label = ({ compute, stage }: { compute: string; stage: string }) => `${compute}/${stage}`;

beforeAll(() => {
  for (const variant of ALL_VARIANTS) synthesized.set(label(variant), synthVariant(variant));
}, 120_000);

const names = ALL_VARIANTS.map(label);
const get = (name: string) => synthesized.get(name) as SynthesizedVariant;

describe('cdk-nag AwsSolutions', () => {
  it.each(names)('%s has no unacknowledged finding', (name) => {
    const report = new AwsSolutionsChecks().validateScope(get(name).app);
    const findings = report.violations.map(
      (violation) =>
        `${violation.ruleName} at ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });

  it.each(names)('%s gives every acknowledgement a written reason', (name) => {
    const acknowledgements: Array<{ id: string; reason: string }> = [];
    const visit = (construct: IConstruct) => {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          acknowledgements.push({ id, reason });
        }
      }
      for (const child of construct.node.children) visit(child);
    };
    visit(get(name).app);
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledgements) {
      // A sentence that says why, not a placeholder.
      expect(reason.trim().split(/\s+/).length, id).toBeGreaterThanOrEqual(8);
    }
  });
});

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
}

/** Every statement of every identity policy in a template (resource policies such as TLS-only denies aside). */
function identityStatements(template: Template): Statement[] {
  const policies = [
    ...Object.values(template.findResources('AWS::IAM::Policy')).map(
      (policy) => policy.Properties.PolicyDocument,
    ),
    ...Object.values(template.findResources('AWS::IAM::Role')).flatMap((role) =>
      (role.Properties.Policies ?? []).map((policy: { PolicyDocument: unknown }) => policy.PolicyDocument),
    ),
  ] as Array<{ Statement: Statement[] }>;
  return policies.flatMap((document) => document.Statement);
}

const actionsOf = (statement: Statement) => [statement.Action].flat();
const touchesTableOrBucket = (statement: Statement) => {
  const resource = JSON.stringify(statement.Resource);
  return /CatalogTable|ImageBucket|JobsBucket/.test(resource) || resource === '"*"';
};

describe('IAM on the table and the bucket', () => {
  it.each(names)('%s grants no wildcard action on them', (name) => {
    const variant = get(name);
    const statements = [variant.data, variant.api].flatMap(identityStatements);
    const offending = statements
      .filter((statement) => statement.Effect === 'Allow' && touchesTableOrBucket(statement))
      .flatMap(actionsOf)
      .filter((action) => action === '*' || (/^(dynamodb|s3):/.test(action) && action.includes('*')));
    expect(offending).toEqual([]);
  });

  it.each(names)('%s lets the API read and write items, and nothing else on the table', (name) => {
    const tableStatements = identityStatements(get(name).api).filter((statement) =>
      JSON.stringify(statement.Resource).includes('CatalogTableArn'),
    );
    const actions = new Set(tableStatements.flatMap(actionsOf));
    for (const needed of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem']) {
      expect(actions).toContain(needed);
    }
    for (const forbidden of ['dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:CreateTable']) {
      expect(actions).not.toContain(forbidden);
    }
  });
});

type Rule = Record<string, unknown>;

/** Every ingress rule of a data-stack security group, inline or standalone, wherever CDK put it. */
function ingressOf(variant: SynthesizedVariant, groupPrefix: string): Rule[] {
  const groups = Object.entries(variant.data.findResources('AWS::EC2::SecurityGroup')).filter(([id]) =>
    id.startsWith(groupPrefix),
  );
  expect(groups, groupPrefix).toHaveLength(1);
  const [logicalId, group] = groups[0] as [string, { Properties: { SecurityGroupIngress?: Rule[] } }];
  const standalone = [variant.data, variant.api].flatMap((template) =>
    Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .map((rule) => rule.Properties as Rule)
      // Same stack: a GetAtt of the group; the API stack: the data stack's published group id.
      .filter((rule) => JSON.stringify(rule.GroupId).includes(logicalId)),
  );
  return [...(group.Properties.SecurityGroupIngress ?? []), ...standalone];
}

const sourceOf = (rule: Rule) => JSON.stringify(rule.SourceSecurityGroupId ?? rule.CidrIp ?? rule.CidrIpv6);

/**
 * The workers' own security groups, each admitted on its own: the job runtimes (constructs/workers.ts:
 * sales-report, cancel-unpaid-orders), the relay and the email function (constructs/order-events.ts).
 */
const JOB_GROUPS =
  /"(Workers(BatchSecurityGroup|JobsFunctionSecurityGroup)|OrderEvents(Relay|Email)SecurityGroup)\w+","GroupId"/;
const WORKER_GROUP_COUNT = 4;

const hasProxy = (name: string) => STAGE_CONFIGS[name.split('/')[1] as StageName].databaseProxy;

describe('security groups around the database', () => {
  it.each(names.filter(hasProxy))(
    '%s (proxy): the cluster accepts PostgreSQL only from the proxy and the rotation function',
    (name) => {
      const rules = ingressOf(get(name), 'DatabaseClusterSecurityGroup');
      expect(rules.map(sourceOf).sort()).toEqual([
        expect.stringMatching(/"DatabaseProxySecurityGroup\w+","GroupId"/),
        expect.stringMatching(/"DatabaseRotationSecurityGroup\w+","GroupId"/),
      ]);
      for (const rule of rules) {
        expect(rule).toMatchObject({
          IpProtocol: 'tcp',
          FromPort: { 'Fn::GetAtt': ['DatabaseCluster', 'Endpoint.Port'] },
        });
        expect(rule.ToPort).toEqual(rule.FromPort);
      }
    },
  );

  it.each(names.filter((name) => !hasProxy(name)))(
    "%s (no proxy): the cluster accepts PostgreSQL only from the API's own group and the rotation function",
    (name) => {
      const variant = get(name);
      const rules = ingressOf(variant, 'DatabaseClusterSecurityGroup');
      const fromRotation = rules.filter((rule) => sourceOf(rule).includes('DatabaseRotationSecurityGroup'));
      const fromJobs = rules.filter((rule) => JOB_GROUPS.test(sourceOf(rule)));
      const fromApi = rules.filter((rule) => rule !== fromRotation[0] && !fromJobs.includes(rule));
      expect(fromJobs).toHaveLength(WORKER_GROUP_COUNT);
      for (const rule of fromJobs)
        expect(rule).toMatchObject({ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 });
      expect(fromRotation).toHaveLength(1);
      expect(fromApi).toHaveLength(1);
      expect(fromApi[0]).toMatchObject({ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 });
      const source = (fromApi[0] as { SourceSecurityGroupId: { 'Fn::GetAtt': [string, string] } })
        .SourceSecurityGroupId['Fn::GetAtt'][0];
      expect(source).toMatch(/^Api(SecurityGroup|TaskSecurityGroup|InstanceSecurityGroup)/);
      expect(Object.keys(variant.api.findResources('AWS::EC2::SecurityGroup'))).toContain(source);
    },
  );

  it.each(names.filter(hasProxy))(
    "%s: the proxy accepts 5432 only from the API's own security group",
    (name) => {
      const variant = get(name);
      const all = ingressOf(variant, 'DatabaseProxySecurityGroup');
      // The Batch jobs', the jobs function's, the relay's and the email function's groups, each on 5432 only.
      const fromJobs = all.filter((rule) => JOB_GROUPS.test(sourceOf(rule)));
      expect(fromJobs).toHaveLength(WORKER_GROUP_COUNT);
      for (const rule of fromJobs)
        expect(rule).toMatchObject({ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 });
      const rules = all.filter((rule) => !fromJobs.includes(rule));
      expect(rules).toHaveLength(1);
      expect(rules[0]).toMatchObject({ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 });
      const [rule] = rules as Array<{ SourceSecurityGroupId: { 'Fn::GetAtt': [string, string] } }>;
      const source = rule?.SourceSecurityGroupId['Fn::GetAtt'][0];
      // The function's, the tasks' or the container instances' group; never the load balancer's.
      expect(source).toMatch(/^Api(SecurityGroup|TaskSecurityGroup|InstanceSecurityGroup)/);
      expect(Object.keys(variant.api.findResources('AWS::EC2::SecurityGroup'))).toContain(source);
    },
  );

  /** Every ingress rule open to any address, with the logical id of the group or rule that holds it. */
  function openToTheInternet(variant: SynthesizedVariant): { id: string; rule: Rule }[] {
    const all = [variant.data, variant.api].flatMap((template) => [
      ...Object.entries(template.findResources('AWS::EC2::SecurityGroup')).flatMap(([id, group]) =>
        ((group.Properties.SecurityGroupIngress ?? []) as Rule[]).map((rule) => ({ id, rule })),
      ),
      ...Object.entries(template.findResources('AWS::EC2::SecurityGroupIngress')).map(([id, resource]) => ({
        id,
        rule: resource.Properties as Rule,
      })),
    ]);
    return all.filter(({ rule }) => rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0');
  }

  const isContainer = (name: string) => !name.startsWith('lambda/');

  it.each(names.filter(isContainer))(
    '%s: the load balancer, and only it, accepts traffic from the internet, on its listener ports only',
    (name) => {
      const variant = get(name);
      const open = openToTheInternet(variant);
      // Reachable at all: a variant whose load balancer nobody can reach would pass a check for "nothing else".
      expect(open.length).toBeGreaterThan(0);
      for (const { id } of open) expect(id).toMatch(/^ApiEntryAlbSecurityGroup/);
      const listenerPorts = Object.values(
        variant.api.findResources('AWS::ElasticLoadBalancingV2::Listener'),
      ).map((listener) => listener.Properties.Port as number);
      expect(listenerPorts.length).toBeGreaterThan(0);
      for (const { rule } of open) {
        expect(rule).toMatchObject({ IpProtocol: 'tcp' });
        expect(rule.ToPort).toEqual(rule.FromPort);
        expect(listenerPorts).toContain(rule.FromPort);
      }
      // Every listener is reachable.
      expect(new Set(open.map(({ rule }) => rule.FromPort))).toEqual(new Set(listenerPorts));
    },
  );

  it.each(names.filter((name) => !isContainer(name)))(
    '%s: no security group accepts traffic from the internet (API Gateway is the public entry)',
    (name) => {
      expect(openToTheInternet(get(name))).toEqual([]);
    },
  );
});
