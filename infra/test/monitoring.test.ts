import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRIC, METRIC_NAMESPACE } from '../../src/observability/metric-names.js';
import { InvalidContextError } from '../lib/config/deploy-context.js';
import { REPO_ROOT } from '../lib/config/paths.js';
import { STAGE_CONFIGS } from '../lib/config/stage-config.js';
import {
  apiResources,
  onlyResource,
  type SynthesizedVariant,
  stageOfName,
  synthAllVariants,
  synthVariant,
} from './synth-variant.js';

const { names, get } = synthAllVariants();
const isLambda = (name: string) => name.startsWith('lambda/');

type Props = Record<string, unknown>;

/** The stage's alarms by their id (the alarm name without `slimshop-<stage>-`). */
function alarmsOf(variant: SynthesizedVariant, stage: string): Map<string, Props> {
  const prefix = `slimshop-${stage}-`;
  return new Map(
    apiResources(variant, 'AWS::CloudWatch::Alarm').map(([, alarm]) => [
      String(alarm.Properties.AlarmName).slice(prefix.length),
      alarm.Properties,
    ]),
  );
}

/** What each alarm must watch, and its threshold from the stage's configuration (in the metric's unit). */
function expectedAlarms(name: string): Record<string, number> {
  const config = STAGE_CONFIGS[stageOfName(name)];
  const t = config.alarms;
  const functions = [...(isLambda(name) ? ['Api'] : []), 'Image', 'Jobs', 'Relay', 'Email'];
  return {
    Api5xxRate: t.api5xxPercent,
    ApiLatencyP99: t.apiP99LatencyMs,
    ...(isLambda(name) ? {} : { RunningTasksBelowMinimum: config.container.minTasks }),
    ...Object.fromEntries(
      functions.flatMap((fn) => [
        [`${fn}FunctionErrors`, t.lambdaErrors],
        [`${fn}FunctionThrottles`, t.lambdaThrottles],
      ]),
    ),
    AccountConcurrencyNearLimit: t.accountConcurrency,
    DynamoDbThrottles: t.dynamoDbThrottles,
    DynamoDbSystemErrors: t.dynamoDbSystemErrors,
    AuroraCpu: t.auroraCpuPercent,
    AuroraCapacityNearMax: t.auroraAcuPercent,
    AuroraConnections: t.auroraConnections,
    AuroraFreeLocalStorage: t.auroraFreeLocalStorageMb * 1024 * 1024,
    ...(config.databaseProxy ? { ProxyBorrowLatency: t.proxyBorrowLatencyMs * 1000 } : {}),
    ImageDeadLetters: 0,
    JobsDeadLetters: 0,
    EmailDeadLetters: 0,
    JobFailures: t.jobFailures,
    BatchJobsFailed: t.batchJobsFailed,
    ImageFailures: t.imageFailures,
    PaymentFailures: t.paymentFailures,
    OutboxLag: t.outboxLagSeconds,
  };
}

/** Every metric a template's alarms and dashboard name in the Slimshop namespace. */
function slimshopMetricNames(variant: SynthesizedVariant): Set<string> {
  const found = new Set<string>();
  for (const [, alarm] of apiResources(variant, 'AWS::CloudWatch::Alarm')) {
    const metrics = [
      alarm.Properties,
      ...((alarm.Properties.Metrics as Props[] | undefined) ?? []).map(
        (query) => ((query.MetricStat as Props | undefined)?.Metric as Props | undefined) ?? {},
      ),
    ];
    for (const metric of metrics)
      if (metric.Namespace === METRIC_NAMESPACE) found.add(String(metric.MetricName));
  }
  const body = JSON.stringify(
    onlyResource(variant.api, 'AWS::CloudWatch::Dashboard').properties.DashboardBody,
  );
  // Graph metrics are ["Slimshop","<name>",...]; searches name theirs as MetricName=\"<name>\".
  for (const match of body.matchAll(/\[\\"Slimshop\\",\\"([A-Za-z]+)\\"/g)) found.add(match[1] as string);
  for (const match of body.matchAll(/\{Slimshop,[^}]*\} MetricName=\\\\\\"([A-Za-z]+)\\\\\\"/g))
    found.add(match[1] as string);
  for (const [, filter] of apiResources(variant, 'AWS::Logs::MetricFilter'))
    for (const transformation of filter.Properties.MetricTransformations as Props[])
      if (transformation.MetricNamespace === METRIC_NAMESPACE) found.add(String(transformation.MetricName));
  return found;
}

/** The runtime's source: tests and the table of names itself aside. */
function sourceText(dir = join(REPO_ROOT, 'src')): string {
  return readdirSync(dir)
    .map((entry) => join(dir, entry))
    .map((path) => {
      if (statSync(path).isDirectory()) return sourceText(path);
      const written = path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('metric-names.ts');
      return written ? readFileSync(path, 'utf8') : '';
    })
    .join('\n');
}

describe('alarms', () => {
  it.each(names)('%s has every alarm with its stage threshold, each notifying the alarm topic', (name) => {
    const variant = get(name);
    const alarms = alarmsOf(variant, stageOfName(name));
    const topic = onlyResource(variant.api, 'AWS::SNS::Topic').logicalId;
    const expected = expectedAlarms(name);

    expect([...alarms.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [id, threshold] of Object.entries(expected)) {
      const alarm = alarms.get(id) as Props;
      expect(alarm.Threshold, id).toBe(threshold);
      expect(alarm.AlarmActions, id).toEqual([{ Ref: topic }]);
      expect(alarm.OKActions, id).toEqual([{ Ref: topic }]);
    }
  });

  it('thresholds differ between stages where the stage config says so (prod is stricter than dev)', () => {
    expect(STAGE_CONFIGS.prod.alarms.api5xxPercent).toBeLessThan(STAGE_CONFIGS.dev.alarms.api5xxPercent);
    const dev = alarmsOf(get('lambda/dev'), 'dev').get('Api5xxRate') as Props;
    const prod = alarmsOf(get('lambda/prod'), 'prod').get('Api5xxRate') as Props;
    expect([dev.Threshold, prod.Threshold]).toEqual([
      STAGE_CONFIGS.dev.alarms.api5xxPercent,
      STAGE_CONFIGS.prod.alarms.api5xxPercent,
    ]);
  });

  it('RDS Proxy borrow latency is watched where there is a proxy (prod), and only there', () => {
    expect(alarmsOf(get('fargate/prod'), 'prod').has('ProxyBorrowLatency')).toBe(true);
    expect(alarmsOf(get('fargate/dev'), 'dev').has('ProxyBorrowLatency')).toBe(false);
  });

  it('-c alarmEmail subscribes the address to the topic; without it there is no subscription', () => {
    const withEmail = synthVariant({
      compute: 'lambda',
      stage: 'dev',
      context: { alarmEmail: 'ops@example.com' },
    });
    const subscription = onlyResource(withEmail.api, 'AWS::SNS::Subscription').properties;
    expect(subscription).toMatchObject({ Protocol: 'email', Endpoint: 'ops@example.com' });
    expect(apiResources(get('lambda/dev'), 'AWS::SNS::Subscription')).toEqual([]);
  }, 60_000);

  it('-c alarmEmail that is no address fails before anything is synthesised, naming the key', () => {
    expect(() =>
      synthVariant({ compute: 'lambda', stage: 'dev', context: { alarmEmail: 'ops at example' } }),
    ).toThrow(InvalidContextError);
  }, 60_000);
});

describe('Batch jobs killed from outside', () => {
  it.each(names)(
    '%s: every job our queues end FAILED is told to the alarm topic, and counted by the BatchJobsFailed alarm',
    (name) => {
      const variant = get(name);
      const topic = onlyResource(variant.api, 'AWS::SNS::Topic').logicalId;
      const queues = apiResources(variant, 'AWS::Batch::JobQueue').map(([id]) => ({
        'Fn::GetAtt': [id, 'JobQueueArn'],
      }));
      const rules = apiResources(variant, 'AWS::Events::Rule').filter(
        ([, rule]) => (rule.Properties.EventPattern as Props | undefined)?.source?.toString() === 'aws.batch',
      );

      // The API submits to one queue, operators' bulk jobs go to the other: both are watched.
      expect(queues).toHaveLength(2);
      expect(rules).toHaveLength(1);
      const [ruleId, rule] = rules[0] as [string, { Properties: Props }];
      expect(rule.Properties.EventPattern).toEqual({
        source: ['aws.batch'],
        'detail-type': ['Batch Job State Change'],
        detail: { status: ['FAILED'], jobQueue: expect.arrayContaining(queues) },
      });
      const [target] = rule.Properties.Targets as Props[];
      expect(target?.Arn).toEqual({ Ref: topic });
      // The message names the job and Batch's reason (Spot, memory, timeout), not just "something failed".
      expect(JSON.stringify(target?.InputTransformer)).toMatch(
        /\$\.detail\.jobName[\s\S]*\$\.detail\.statusReason/,
      );

      const alarm = alarmsOf(variant, stageOfName(name)).get('BatchJobsFailed') as Props;
      expect(alarm).toMatchObject({
        Namespace: 'AWS/Events',
        MetricName: 'TriggeredRules',
        Dimensions: [{ Name: 'RuleName', Value: { Ref: ruleId } }],
        Statistic: 'Sum',
        Threshold: STAGE_CONFIGS[stageOfName(name)].alarms.batchJobsFailed,
        AlarmActions: [{ Ref: topic }],
      });
    },
  );
});

describe('dashboard', () => {
  it.each(names)('%s has one dashboard, named for its stage', (name) => {
    const { properties } = onlyResource(get(name).api, 'AWS::CloudWatch::Dashboard');
    expect(properties.DashboardName).toBe(`slimshop-${stageOfName(name)}`);
  });

  it.each(names)('%s: alarms and dashboard name only metrics the runtime writes', (name) => {
    const used = slimshopMetricNames(get(name));
    const written = new Set<string>(Object.values(METRIC));
    // A positive: the dashboard does read the application's metrics.
    expect(used).toContain(METRIC.ordersPlaced);
    expect(used).toContain(METRIC.revenue);
    expect([...used].filter((metric) => !written.has(metric))).toEqual([]);
  });

  it('every metric in metric-names.ts is written somewhere in src/ (by its METRIC key or its name)', () => {
    const source = sourceText();
    const unwritten = Object.entries(METRIC).filter(
      ([key, metric]) => !new RegExp(`METRIC\\.${key}\\b`).test(source) && !source.includes(`'${metric}'`),
    );
    expect(unwritten).toEqual([]);
  });
});

describe('what the metrics need from the deployment', () => {
  it.each(names)("%s: every function runs with STAGE, the metrics' stage dimension", (name) => {
    const stage = stageOfName(name);
    const functions = apiResources(get(name), 'AWS::Lambda::Function').filter(
      ([, fn]) =>
        (fn.Properties.Environment as { Variables?: Props } | undefined)?.Variables?.LOG_LEVEL !== undefined,
    );
    // The API (on Lambda), image, jobs, relay and email functions.
    expect(functions.length).toBeGreaterThanOrEqual(isLambda(name) ? 5 : 4);
    for (const [id, fn] of functions)
      expect((fn.Properties.Environment as { Variables: Props }).Variables.STAGE, id).toBe(stage);
  });

  it.each(names)(
    "%s: the API function's cold starts are counted from its log, and only on Lambda",
    (name) => {
      const filters = apiResources(get(name), 'AWS::Logs::MetricFilter');
      if (!isLambda(name)) {
        expect(filters).toEqual([]);
        return;
      }
      expect(filters).toHaveLength(1);
      const [, filter] = filters[0] as [string, { Properties: Props }];
      expect(filter.Properties.FilterPattern).toBe('{ ($.cold_start IS TRUE) && ($.message = "request") }');
      expect(filter.Properties.MetricTransformations).toEqual([
        {
          MetricNamespace: 'Slimshop',
          MetricName: METRIC.coldStarts,
          MetricValue: '1',
          Dimensions: [{ Key: 'function_name', Value: '$.function_name' }],
        },
      ]);
    },
  );
});
