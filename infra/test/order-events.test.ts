import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidContextError, sesIdentities } from '../lib/config/deploy-context.js';
import { REPO_ROOT } from '../lib/config/paths.js';
import { STAGE_CONFIGS } from '../lib/config/stage-config.js';
import { EMAIL_EVENT_TYPES, ORDER_EVENT_SOURCE } from '../lib/constructs/order-events.js';
import { STRIPE_SECRET_LOGICAL_ID } from '../lib/constructs/stripe-secret.js';
import {
  apiResources,
  EMAIL_BUNDLE_MARKER,
  functionAssetDir,
  onlyResource,
  type PolicyStatement,
  RELAY_BUNDLE_MARKER,
  resourceByPrefix,
  type SynthesizedVariant,
  stageOfName,
  statementsOf,
  synthAllVariants,
  synthVariant,
} from './synth-variant.js';

const { names, get } = synthAllVariants();
const stageOf = stageOfName;
const isLambda = (name: string) => name.startsWith('lambda/');

type Statement = PolicyStatement;
const resources = apiResources;
const withAction = (statements: Statement[], action: string) =>
  statements.filter((statement) => [statement.Action].flat().includes(action));

const BUS = 'OrderEventsBus';
const RELAY = 'OrderEventsRelayFunction';
const EMAIL = 'OrderEventsEmailFunction';
const JOBS_FUNCTION = 'WorkersJobsFunction';
const API_ROLES = ['ApiFunctionServiceRole', 'ApiTaskDefinitionTaskRole'];
const apiRole = (name: string) => (isLambda(name) ? 'ApiFunctionServiceRole' : 'ApiTaskDefinitionTaskRole');

const logicalIdOf = (variant: SynthesizedVariant, type: string, prefix: string) =>
  resourceByPrefix(variant.api, type, prefix).logicalId;
const busId = (variant: SynthesizedVariant) => logicalIdOf(variant, 'AWS::Events::EventBus', BUS);
const fn = (variant: SynthesizedVariant, prefix: string) =>
  resourceByPrefix(variant.api, 'AWS::Lambda::Function', prefix);
const fnEnv = (variant: SynthesizedVariant, prefix: string) =>
  (fn(variant, prefix).properties.Environment as { Variables: Record<string, unknown> }).Variables;

/** The API's environment: the function's variables, or the container's name/value pairs. */
function apiEnv(name: string): Record<string, unknown> {
  const variant = get(name);
  if (isLambda(name)) return fnEnv(variant, 'ApiFunction');
  const task = onlyResource(variant.api, 'AWS::ECS::TaskDefinition').properties;
  const [container] = task.ContainerDefinitions as Array<{
    Environment: Array<{ Name: string; Value: unknown }>;
  }>;
  return Object.fromEntries((container?.Environment ?? []).map(({ Name, Value }) => [Name, Value]));
}

const stripeImport = (name: string) => ({
  'Fn::ImportValue': `Slimshop-${stageOf(name)}-Data-StripeSecretArn`,
});

describe('the order event bus', () => {
  it.each(names)('%s: one custom bus per stage, slimshop-<stage>-orders', (name) => {
    const { properties } = onlyResource(get(name).api, 'AWS::Events::EventBus');
    expect(properties.Name).toBe(`slimshop-${stageOf(name)}-orders`);
  });

  it.each(names)('%s: the API gets EVENT_BUS_NAME and may put events on that bus only', (name) => {
    const variant = get(name);
    expect(apiEnv(name).EVENT_BUS_NAME).toEqual({ Ref: busId(variant) });
    const putEvents = withAction(statementsOf(variant, apiRole(name)), 'events:PutEvents');
    expect(putEvents).toHaveLength(1);
    expect(putEvents[0]?.Resource).toEqual({ 'Fn::GetAtt': [busId(variant), 'Arn'] });
  });
});

describe('the outbox relay', () => {
  it.each(names)('%s: runs the relay bundle in the VPC, on the database, publishing to the bus', (name) => {
    const variant = get(name);
    const { properties } = fn(variant, RELAY);
    expect(properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
    });
    expect(readFileSync(join(functionAssetDir(variant, properties), 'index.mjs'), 'utf8')).toContain(
      RELAY_BUNDLE_MARKER,
    );
    expect(properties.VpcConfig).toBeDefined();
    expect(fnEnv(variant, RELAY)).toMatchObject({
      EVENT_BUS_NAME: { Ref: busId(variant) },
      DATABASE_IAM_AUTH: 'true',
      DATABASE_POOL_MAX: '1',
      MIGRATE_ON_START: 'false',
      LOG_LEVEL: STAGE_CONFIGS[stageOf(name)].logLevel,
    });
    const statements = statementsOf(variant, RELAY);
    expect(withAction(statements, 'events:PutEvents').map((s) => s.Resource)).toEqual([
      { 'Fn::GetAtt': [busId(variant), 'Arn'] },
    ]);
    expect(withAction(statements, 'rds-db:connect')).toHaveLength(1);
  });

  it.each(names)(
    '%s: a schedule invokes it every minute, without retries (the next sweep is one)',
    (name) => {
      const variant = get(name);
      const schedule = resourceByPrefix(variant.api, 'AWS::Scheduler::Schedule', 'SchedulesRelay').properties;
      expect(schedule).toMatchObject({
        ScheduleExpression: 'rate(1 minute)',
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: { 'Fn::GetAtt': [fn(variant, RELAY).logicalId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 0 },
        },
      });
    },
  );
});

describe('cancel-unpaid-orders', () => {
  it.each(names)('%s: a schedule runs it on the jobs Lambda every 5 minutes as { scheduled }', (name) => {
    const variant = get(name);
    const schedule = resourceByPrefix(
      variant.api,
      'AWS::Scheduler::Schedule',
      'SchedulesCancelUnpaidOrders',
    ).properties;
    expect(schedule).toMatchObject({
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [fn(variant, JOBS_FUNCTION).logicalId, 'Arn'] } },
    });
    const target = schedule.Target as { Input: string };
    expect(JSON.parse(target.Input)).toEqual({ scheduled: 'cancel-unpaid-orders' });
  });

  it.each(names)('%s: the jobs Lambda and Batch jobs read Stripe from the secret', (name) => {
    const variant = get(name);
    expect(fnEnv(variant, JOBS_FUNCTION)).toMatchObject({
      PAYMENT_PROVIDER: 'stripe',
      STRIPE_SECRET_ARN: stripeImport(name),
    });
    for (const role of [JOBS_FUNCTION, 'WorkersBatchJobRole']) {
      expect(withAction(statementsOf(variant, role), 'secretsmanager:GetSecretValue'), role).toEqual([
        expect.objectContaining({ Resource: stripeImport(name) }),
      ]);
    }
    for (const [, definition] of resources(variant, 'AWS::Batch::JobDefinition')) {
      const environment = (definition.Properties.ContainerProperties as { Environment: unknown[] })
        .Environment;
      expect(environment).toContainEqual({ Name: 'STRIPE_SECRET_ARN', Value: stripeImport(name) });
      expect(environment).toContainEqual({ Name: 'PAYMENT_PROVIDER', Value: 'stripe' });
    }
  });
});

describe('the schedules', () => {
  it.each(names)(
    '%s: assume a role of their own that may invoke the two scheduled functions only',
    (name) => {
      const variant = get(name);
      const role = resourceByPrefix(variant.api, 'AWS::IAM::Role', 'SchedulesRole').properties;
      expect(JSON.stringify(role.AssumeRolePolicyDocument)).toContain('scheduler.amazonaws.com');
      expect(JSON.stringify(role.AssumeRolePolicyDocument)).toContain('aws:SourceAccount');
      const statements = statementsOf(variant, 'SchedulesRole');
      expect(statements.flatMap((s) => [s.Action].flat())).toEqual(['lambda:InvokeFunction']);
      const targets = JSON.stringify(statements.map((s) => s.Resource));
      const functions = new Set(
        [...targets.matchAll(/"Fn::GetAtt":\["(\w+)","Arn"\]/g)].map((match) => match[1]),
      );
      expect(functions).toEqual(
        new Set([fn(variant, RELAY).logicalId, fn(variant, JOBS_FUNCTION).logicalId]),
      );
    },
  );
});

describe('order emails', () => {
  it('the rule forwards exactly the event types the app sends an email for', () => {
    const source = readFileSync(join(REPO_ROOT, 'src/app/notifications/email-kinds.ts'), 'utf8');
    const block = /EMAIL_KIND_OF_EVENT = \{([^}]*)\}/.exec(source)?.[1] ?? '';
    const types = [...block.matchAll(/'(order\.[a-z_]+)':/g)].map((match) => match[1]);
    expect(types.length).toBeGreaterThan(0);
    expect([...EMAIL_EVENT_TYPES].sort()).toEqual(types.sort());
  });

  it.each(names)(
    '%s: a rule on the bus sends those events to the encrypted, TLS-only email queue',
    (name) => {
      const variant = get(name);
      const queue = logicalIdOf(variant, 'AWS::SQS::Queue', 'OrderEventsEmailQueue');
      const rule = resourceByPrefix(variant.api, 'AWS::Events::Rule', 'OrderEventsEmailRule');
      expect(rule.properties).toMatchObject({
        EventBusName: { Ref: busId(variant) },
        EventPattern: { source: [ORDER_EVENT_SOURCE], 'detail-type': [...EMAIL_EVENT_TYPES] },
        Targets: [{ Arn: { 'Fn::GetAtt': [queue, 'Arn'] } }],
      });
      const policy = JSON.stringify(
        resources(variant, 'AWS::SQS::QueuePolicy').find(([id]) =>
          id.startsWith('OrderEventsEmailQueuePolicy'),
        )?.[1].Properties,
      );
      // EventBridge may send from this rule only, and nobody may use the queue without TLS.
      expect(policy).toContain('events.amazonaws.com');
      expect(policy).toContain(`"aws:SourceArn":{"Fn::GetAtt":["${rule.logicalId}","Arn"]}`);
      expect(policy).toContain('"aws:SecureTransport":"false"');
    },
  );

  it.each(names)('%s: failed messages move to a dead-letter queue after the stage receive count', (name) => {
    const variant = get(name);
    const config = STAGE_CONFIGS[stageOf(name)].email;
    const queue = resourceByPrefix(variant.api, 'AWS::SQS::Queue', 'OrderEventsEmailQueue').properties;
    const dlq = logicalIdOf(variant, 'AWS::SQS::Queue', 'OrderEventsEmailFailures');
    expect(queue).toMatchObject({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 6 * config.timeoutSeconds,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] },
        maxReceiveCount: config.maxReceiveCount,
      },
    });
    expect(
      resourceByPrefix(variant.api, 'AWS::SQS::Queue', 'OrderEventsEmailFailures').properties,
    ).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it.each(names)('%s: the email Lambda consumes the queue, reporting batch item failures', (name) => {
    const variant = get(name);
    const config = STAGE_CONFIGS[stageOf(name)].email;
    const email = fn(variant, EMAIL);
    const queue = logicalIdOf(variant, 'AWS::SQS::Queue', 'OrderEventsEmailQueue');
    expect(onlyResource(variant.api, 'AWS::Lambda::EventSourceMapping').properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [queue, 'Arn'] },
      FunctionName: { Ref: email.logicalId },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: config.maxConcurrency },
    });
    expect(email.properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Timeout: config.timeoutSeconds,
      MemorySize: config.memoryMb,
    });
    expect(email.properties.VpcConfig).toBeDefined();
    expect(readFileSync(join(functionAssetDir(variant, email.properties), 'index.mjs'), 'utf8')).toContain(
      EMAIL_BUNDLE_MARKER,
    );
    expect(fnEnv(variant, EMAIL)).toMatchObject({
      MAIL_FROM: config.mailFrom,
      DATABASE_IAM_AUTH: 'true',
      MIGRATE_ON_START: 'false',
    });
    expect(withAction(statementsOf(variant, EMAIL), 'rds-db:connect')).toHaveLength(1);
  });

  it.each(names)('%s: only the email Lambda may send, and only as the stage sender', (name) => {
    const variant = get(name);
    const { address, domain } = sesIdentities(STAGE_CONFIGS[stageOf(name)].email.mailFrom) ?? {};
    const sending = resources(variant, 'AWS::IAM::Policy').filter(([, policy]) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('"ses:'),
    );
    expect(sending).toHaveLength(1);
    expect(JSON.stringify(sending[0]?.[1].Properties.Roles)).toContain(EMAIL);
    const [statement, ...others] = withAction(statementsOf(variant, EMAIL), 'ses:SendEmail');
    expect(others).toEqual([]);
    const arns = JSON.stringify(statement?.Resource);
    expect(arns).toContain(`:identity/${address}"`);
    expect(arns).toContain(`:identity/${domain}"`);
    expect(arns).not.toContain('*');
  });

  it('-c mailFrom sets the sender and the identities it may send as', () => {
    const variant = synthVariant({
      compute: 'lambda',
      stage: 'dev',
      context: { mailFrom: 'Shop <orders@mail.shop.example>' },
    });
    expect(fnEnv(variant, EMAIL).MAIL_FROM).toBe('Shop <orders@mail.shop.example>');
    const arns = JSON.stringify(withAction(statementsOf(variant, EMAIL), 'ses:SendEmail')[0]?.Resource);
    expect(arns).toContain(':identity/orders@mail.shop.example"');
    expect(arns).toContain(':identity/mail.shop.example"');
    expect(() => synthVariant({ compute: 'lambda', stage: 'dev', context: { mailFrom: 'nobody' } })).toThrow(
      InvalidContextError,
    );
  });

  it('reads the SES identities out of a sender', () => {
    expect(sesIdentities('shop@example.com')).toEqual({ address: 'shop@example.com', domain: 'example.com' });
    expect(sesIdentities('Slimshop <Shop@Mail.Example.com>')).toEqual({
      address: 'shop@mail.example.com',
      domain: 'mail.example.com',
    });
    expect(sesIdentities('Slimshop')).toBeUndefined();
    expect(sesIdentities('a@b')).toBeUndefined();
  });
});

describe('payments', () => {
  it.each(names)(
    '%s: the data stack holds the Stripe secret, with placeholders, kept as the stage keeps data',
    (name) => {
      const { data } = get(name);
      const secret = data.findResources('AWS::SecretsManager::Secret')[STRIPE_SECRET_LOGICAL_ID];
      expect(secret).toBeDefined();
      const template = JSON.parse(secret?.Properties.GenerateSecretString.SecretStringTemplate);
      expect(Object.keys(template).sort()).toEqual(['secretKey', 'webhookSecret']);
      expect(secret?.DeletionPolicy).toBe(stageOf(name) === 'prod' ? 'Retain' : 'Delete');
      const output = data.findOutputs('StripeSecretArn');
      expect(output.StripeSecretArn).toMatchObject({
        Value: { Ref: STRIPE_SECRET_LOGICAL_ID },
        Export: { Name: `Slimshop-${stageOf(name)}-Data-StripeSecretArn` },
      });
    },
  );

  it.each(names)('%s: the API gets the secret ARN and Stripe as provider, never a key', (name) => {
    const environment = apiEnv(name);
    expect(environment).toMatchObject({ PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_ARN: stripeImport(name) });
    expect(environment).not.toHaveProperty('STRIPE_SECRET_KEY');
    expect(environment).not.toHaveProperty('STRIPE_WEBHOOK_SECRET');
    expect(environment).not.toHaveProperty('ALLOW_TEST_PAYMENTS');
  });

  it.each(names)('%s: the API role may read that secret only (GetSecretValue on its exact ARN)', (name) => {
    const variant = get(name);
    const reading = withAction(statementsOf(variant, apiRole(name)), 'secretsmanager:GetSecretValue');
    expect(reading).toEqual([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: stripeImport(name) },
    ]);
    // Nobody else in the API stack reads it besides the API and the jobs.
    const readers = resources(variant, 'AWS::IAM::Policy')
      .filter(([, policy]) => JSON.stringify(policy.Properties.PolicyDocument).includes('StripeSecretArn'))
      .flatMap(([, policy]) => (policy.Properties.Roles as Array<{ Ref: string }>).map((role) => role.Ref));
    for (const role of readers)
      expect(role).toMatch(
        new RegExp(`^(${[...API_ROLES, JOBS_FUNCTION, 'WorkersBatchJobRole'].join('|')})`),
      );
  });
});

describe('the webhook route, POST /webhooks/stripe', () => {
  it.each(names.filter(isLambda))(
    '%s: the HTTP API sends every path to the app, without a gateway authorizer',
    (name) => {
      const variant = get(name);
      const routes = resources(variant, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
      expect(routes).toEqual([expect.objectContaining({ RouteKey: '$default', AuthorizationType: 'NONE' })]);
      expect(resources(variant, 'AWS::ApiGatewayV2::Authorizer')).toEqual([]);
    },
  );

  it.each(names.filter((name) => !isLambda(name)))(
    '%s: the load balancer forwards every path to the app: no listener rule, no authentication',
    (name) => {
      const variant = get(name);
      expect(resources(variant, 'AWS::ElasticLoadBalancingV2::ListenerRule')).toEqual([]);
      const actions = resources(variant, 'AWS::ElasticLoadBalancingV2::Listener').flatMap(
        ([, listener]) => listener.Properties.DefaultActions as Array<{ Type: string }>,
      );
      expect(actions.some((action) => action.Type === 'forward')).toBe(true);
      for (const action of actions) expect(action.Type).toMatch(/^(forward|redirect)$/);
    },
  );
});
