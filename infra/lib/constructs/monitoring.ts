import { Duration } from 'aws-cdk-lib';
import type { IJobQueue } from 'aws-cdk-lib/aws-batch';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, METRIC_NAMESPACE, type MetricName } from '../../../src/observability/metric-names.js';
import { InvalidContextError } from '../config/deploy-context.js';
import type { AlarmThresholds, StageConfig } from '../config/stage-config.js';
import { FailedBatchJobs } from './failed-batch-jobs.js';

/** The API's front door, whichever compute serves it. */
export type MonitoredApi =
  | {
      readonly kind: 'lambda';
      readonly function: IFunction & { readonly logGroup: ILogGroup };
      /** The HTTP API's id and stage name (AWS/ApiGateway dimensions ApiId, Stage). */
      readonly apiId: string;
      readonly stageName: string;
    }
  | {
      readonly kind: 'container';
      /** `app/<name>/<id>` (AWS/ApplicationELB dimension LoadBalancer). */
      readonly loadBalancerFullName: string;
      /** `targetgroup/<name>/<id>` (dimension TargetGroup). */
      readonly targetGroupFullName: string;
    };

export interface MonitoringProps {
  readonly config: StageConfig;
  readonly api: MonitoredApi;
  /** The image, jobs, relay and email functions (and any other worker): errors and throttles each. */
  readonly workers: Readonly<Record<string, IFunction>>;
  /** Every dead-letter queue: any message in one is a failure nothing retries. */
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  /** The queue the email function consumes (its depth and age on the dashboard). */
  readonly emailQueue: IQueue;
  /** The AWS Batch job queues: a job Batch ends FAILED is told to the topic and counted for an alarm. */
  readonly batchJobQueues: readonly IJobQueue[];
  readonly tableName: string;
  readonly database: DatabaseIds;
}

/** The database's names in CloudWatch's dimensions (from the data stack). */
export interface DatabaseIds {
  readonly clusterIdentifier: string;
  /** Stages with RDS Proxy only. */
  readonly proxyName?: string;
}

/** Alarms per stage: `-c alarmEmail=` subscribes an address to the topic they notify. */
const ALARM_EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * The stage's alarms, all notifying one SNS topic (with an email subscription when `-c alarmEmail=` is
 * given), and one CloudWatch dashboard: traffic, errors, latency, orders and revenue, DynamoDB and Aurora
 * capacity, queues and jobs. Application metrics are the EMF lines the runtime writes
 * (src/observability/metric-names.ts), in namespace Slimshop with the `stage` dimension. docs/operations.md
 * is the runbook for each alarm.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms = new Map<string, Alarm>();
  readonly failedBatchJobs: FailedBatchJobs;
  private readonly thresholds: AlarmThresholds;
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { config, api } = props;
    this.stage = config.stage;
    this.thresholds = config.alarms;
    const t = this.thresholds;
    this.topic = new Topic(this, 'Alarms', {
      displayName: `Slimshop ${config.stage} alarms`,
      enforceSSL: true,
    });
    const email = alarmEmail(this);
    if (email !== undefined) this.topic.addSubscription(new EmailSubscription(email));

    // The API: 5xx rate and p99 latency.
    const apiMetrics = api.kind === 'lambda' ? lambdaApiMetrics(api) : containerApiMetrics(api);
    this.alarm('Api5xxRate', apiMetrics.errorPercent, t.api5xxPercent, {
      description: `More than ${t.api5xxPercent}% of API requests answered 5xx`,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    this.alarm('ApiLatencyP99', apiMetrics.latencyP99Ms, t.apiP99LatencyMs, {
      description: `API p99 latency above ${t.apiP99LatencyMs} ms`,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    if (api.kind === 'container') {
      this.alarm('RunningTasksBelowMinimum', containerHealthyHosts(api), config.container.minTasks, {
        description: `Fewer healthy API tasks behind the load balancer than the stage's minimum (${config.container.minTasks})`,
        comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
        // No data means no healthy target reported at all.
        missing: TreatMissingData.BREACHING,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      });
    }

    // Every function: errors and throttles.
    const functions: Record<string, IFunction> = {
      ...(api.kind === 'lambda' ? { Api: api.function } : {}),
      ...props.workers,
    };
    for (const [name, fn] of Object.entries(functions)) {
      this.alarm(`${name}FunctionErrors`, fn.metricErrors({ period: Duration.minutes(5) }), t.lambdaErrors, {
        description: `The ${name} function failed more than ${t.lambdaErrors} times in 5 minutes`,
        runbook: 'functionerrors',
      });
      this.alarm(
        `${name}FunctionThrottles`,
        fn.metricThrottles({ period: Duration.minutes(5) }),
        t.lambdaThrottles,
        {
          description: `The ${name} function was throttled more than ${t.lambdaThrottles} times in 5 minutes`,
          runbook: 'functionthrottles',
        },
      );
    }

    // The account's concurrency is shared by every function in the region (other applications' too).
    this.alarm(
      'AccountConcurrencyNearLimit',
      new Metric({
        namespace: 'AWS/Lambda',
        metricName: 'ConcurrentExecutions',
        statistic: 'Maximum',
        period: Duration.minutes(1),
      }),
      t.accountConcurrency,
      {
        description: `More than ${t.accountConcurrency} concurrent executions of all functions in the account and region`,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      },
    );

    // DynamoDB: throttled requests and system errors.
    const table = (metricName: string, extra: Record<string, string> = {}) =>
      new Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: { TableName: props.tableName, ...extra },
        statistic: 'Sum',
        period: Duration.minutes(5),
      });
    this.alarm(
      'DynamoDbThrottles',
      new MathExpression({
        expression: 'FILL(r, 0) + FILL(w, 0)',
        usingMetrics: { r: table('ReadThrottleEvents'), w: table('WriteThrottleEvents') },
        label: 'Throttled reads and writes',
        period: Duration.minutes(5),
      }),
      t.dynamoDbThrottles,
      { description: `More than ${t.dynamoDbThrottles} throttled DynamoDB requests in 5 minutes` },
    );
    const operations = [
      'GetItem',
      'Query',
      'PutItem',
      'UpdateItem',
      'DeleteItem',
      'TransactWriteItems',
      'BatchWriteItem',
    ];
    this.alarm(
      'DynamoDbSystemErrors',
      new MathExpression({
        expression: operations.map((_, index) => `FILL(e${index}, 0)`).join(' + '),
        usingMetrics: Object.fromEntries(
          operations.map((operation, index) => [
            `e${index}`,
            table('SystemErrors', { Operation: operation }),
          ]),
        ),
        label: 'DynamoDB system errors',
        period: Duration.minutes(5),
      }),
      t.dynamoDbSystemErrors,
      { description: `More than ${t.dynamoDbSystemErrors} DynamoDB system errors (HTTP 500) in 5 minutes` },
    );

    // Aurora Serverless v2 and RDS Proxy.
    const cluster = (metricName: string, statistic = 'Average') =>
      new Metric({
        namespace: 'AWS/RDS',
        metricName,
        dimensionsMap: { DBClusterIdentifier: props.database.clusterIdentifier },
        statistic,
        period: Duration.minutes(5),
      });
    this.alarm('AuroraCpu', cluster('CPUUtilization'), t.auroraCpuPercent, {
      description: `Aurora CPU above ${t.auroraCpuPercent}%`,
      runbook: 'auroracpu-and-auroracapacitynearmax',
      evaluationPeriods: 3,
    });
    this.alarm('AuroraCapacityNearMax', cluster('ACUUtilization', 'Maximum'), t.auroraAcuPercent, {
      description: `Aurora at more than ${t.auroraAcuPercent}% of its maximum capacity (${config.database.maxCapacity} ACU)`,
      evaluationPeriods: 3,
      runbook: 'auroracpu-and-auroracapacitynearmax',
    });
    this.alarm('AuroraConnections', cluster('DatabaseConnections', 'Maximum'), t.auroraConnections, {
      description: `More than ${t.auroraConnections} connections to Aurora`,
      evaluationPeriods: 2,
    });
    this.alarm(
      'AuroraFreeLocalStorage',
      cluster('FreeLocalStorage', 'Minimum'),
      t.auroraFreeLocalStorageMb * 1024 * 1024,
      {
        description: `Aurora local (temporary) storage below ${t.auroraFreeLocalStorageMb} MB`,
        comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 2,
      },
    );
    if (props.database.proxyName !== undefined) {
      this.alarm(
        'ProxyBorrowLatency',
        new Metric({
          namespace: 'AWS/RDS',
          metricName: 'DatabaseConnectionsBorrowLatency',
          dimensionsMap: { ProxyName: props.database.proxyName },
          statistic: 'p99',
          period: Duration.minutes(5),
        }),
        // The metric is in microseconds.
        t.proxyBorrowLatencyMs * 1000,
        {
          description: `RDS Proxy p99 connection borrow latency above ${t.proxyBorrowLatencyMs} ms`,
          evaluationPeriods: 3,
        },
      );
    }

    // Dead-letter queues: one message is one failure nothing retries.
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.alarm(
        `${name}DeadLetters`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        0,
        { description: `Messages in the ${name} dead-letter queue`, runbook: 'deadletters' },
      );
    }

    // The application's own metrics (EMF lines).
    this.alarm('JobFailures', this.app(METRIC.jobFailures), t.jobFailures, {
      description: `More than ${t.jobFailures} failed job runs in 5 minutes (Lambda or AWS Batch)`,
    });
    // Batch jobs killed from outside write no JobFailures: Batch's own FAILED events count them.
    this.failedBatchJobs = new FailedBatchJobs(this, 'FailedBatchJobs', {
      queues: props.batchJobQueues,
      topic: this.topic,
    });
    this.alarm('BatchJobsFailed', this.failedBatchJobs.failures, t.batchJobsFailed, {
      description: `More than ${t.batchJobsFailed} AWS Batch jobs ended FAILED in 5 minutes (killed from outside, or failed)`,
    });
    this.alarm('ImageFailures', this.app(METRIC.imagesFailed), t.imageFailures, {
      description: `More than ${t.imageFailures} uploads the image worker failed in 5 minutes`,
    });
    this.alarm('PaymentFailures', this.app(METRIC.paymentFailures), t.paymentFailures, {
      description: `More than ${t.paymentFailures} failed payments in 5 minutes`,
    });
    this.alarm('OutboxLag', this.app(METRIC.outboxOldestEventAge, 'Maximum'), t.outboxLagSeconds, {
      description: `An order event unpublished for more than ${t.outboxLagSeconds} s`,
      evaluationPeriods: 2,
    });

    // The API function's cold starts, from its request lines (its start-up code has no room for a writer).
    if (api.kind === 'lambda') {
      new MetricFilter(this, 'ApiColdStarts', {
        logGroup: api.function.logGroup,
        filterPattern: FilterPattern.all(
          FilterPattern.booleanValue('$.cold_start', true),
          FilterPattern.stringValue('$.message', '=', 'request'),
        ),
        metricNamespace: METRIC_NAMESPACE,
        metricName: METRIC.coldStarts,
        metricValue: '1',
        // A metric filter's dimensions come from the line; the function's name says which stage.
        dimensions: { function_name: '$.function_name' },
      });
    }

    this.dashboard = this.buildDashboard(props, apiMetrics);
  }

  /** An application metric (EMF, namespace Slimshop) of this stage, summed over 5 minutes. */
  private app(name: MetricName, statistic = 'Sum', period = Duration.minutes(5)): Metric {
    return new Metric({
      namespace: METRIC_NAMESPACE,
      metricName: name,
      dimensionsMap: { stage: this.stage },
      statistic,
      period,
    });
  }

  private alarm(
    id: string,
    metric: IMetric,
    threshold: number,
    options: {
      description: string;
      comparison?: ComparisonOperator;
      evaluationPeriods?: number;
      datapointsToAlarm?: number;
      missing?: TreatMissingData;
      /** The section of docs/operations.md; default the id in lower case. */
      runbook?: string;
    },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmName: `slimshop-${this.stage}-${id}`,
      alarmDescription: `${options.description}. Runbook: docs/operations.md#${options.runbook ?? id.toLowerCase()}`,
      metric,
      threshold,
      comparisonOperator: options.comparison ?? ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      datapointsToAlarm: options.datapointsToAlarm,
      treatMissingData: options.missing ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.set(id, alarm);
    return alarm;
  }

  private buildDashboard(props: MonitoringProps, api: ApiMetrics): Dashboard {
    const width = 8;
    const graph = (title: string, left: IMetric[], right: IMetric[] = []) =>
      new GraphWidget({ title, left, right, width, height: 6 });
    const app = (name: MetricName, statistic = 'Sum', label?: string) =>
      this.app(name, statistic).with({ label: label ?? name });
    const search = (name: MetricName, keys: string, statistic: string, label: string) =>
      new MathExpression({
        expression: `SEARCH('{${METRIC_NAMESPACE},stage,${keys}} MetricName="${name}" stage="${this.stage}"', '${statistic}', 300)`,
        label,
        period: Duration.minutes(5),
      });
    const cluster = (metricName: string, statistic = 'Average') =>
      new Metric({
        namespace: 'AWS/RDS',
        metricName,
        dimensionsMap: { DBClusterIdentifier: props.database.clusterIdentifier },
        statistic,
        period: Duration.minutes(5),
        label: metricName,
      });
    const table = (metricName: string) =>
      new Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: { TableName: props.tableName },
        statistic: 'Sum',
        period: Duration.minutes(5),
        label: metricName,
      });
    const queues = Object.entries(props.deadLetterQueues).map(([name, queue]) =>
      queue.metricApproximateNumberOfMessagesVisible({ label: `${name} dead letters`, statistic: 'Maximum' }),
    );
    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `slimshop-${this.stage}`,
      defaultInterval: Duration.hours(3),
    });
    dashboard.addWidgets(
      new TextWidget({
        markdown: `# Slimshop ${this.stage}\nAlarms notify the topic \`${this.topic.topicName}\`. What each alarm means and what to do first: docs/operations.md. Application metrics: namespace \`${METRIC_NAMESPACE}\`, dimension \`stage=${this.stage}\`.`,
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(
      graph('Traffic: API requests', [api.requests]),
      graph(
        'Errors: API 5xx (%) and function errors',
        [api.errorPercent],
        Object.entries({
          ...(props.api.kind === 'lambda' ? { Api: props.api.function } : {}),
          ...props.workers,
        }).map(([name, fn]) => fn.metricErrors({ label: `${name} errors` })),
      ),
      graph('Latency: API p50, p90, p99 (ms)', [
        api.latencyMs('p50'),
        api.latencyMs('p90'),
        api.latencyP99Ms,
      ]),
    );
    dashboard.addWidgets(
      graph('Orders placed, paid, cancelled; oversell refusals', [
        app(METRIC.ordersPlaced),
        app(METRIC.ordersPaid),
        app(METRIC.ordersCancelled),
        app(METRIC.oversellRefusals),
      ]),
      graph(
        'Revenue (minor units, by currency) and payment failures',
        [search(METRIC.revenue, 'currency', 'Sum', 'Revenue')],
        [app(METRIC.paymentFailures)],
      ),
      graph('Checkout latency p50, p99 (ms)', [
        app(METRIC.checkoutLatency, 'p50', 'checkout p50'),
        app(METRIC.checkoutLatency, 'p99', 'checkout p99'),
      ]),
    );
    dashboard.addWidgets(
      graph(
        'DynamoDB: consumed capacity and throttles',
        [table('ConsumedReadCapacityUnits'), table('ConsumedWriteCapacityUnits')],
        [table('ReadThrottleEvents'), table('WriteThrottleEvents')],
      ),
      graph(
        'Aurora: capacity (ACU, % of max) and CPU',
        [cluster('ServerlessDatabaseCapacity'), cluster('ACUUtilization')],
        [cluster('CPUUtilization')],
      ),
      graph(
        'Aurora: connections and free local storage',
        [cluster('DatabaseConnections', 'Maximum')],
        [cluster('FreeLocalStorage', 'Minimum')],
      ),
    );
    dashboard.addWidgets(
      graph('Queues: dead letters and the email queue', queues, [
        props.emailQueue.metricApproximateNumberOfMessagesVisible({
          label: 'email queue',
          statistic: 'Maximum',
        }),
        props.emailQueue.metricApproximateAgeOfOldestMessage({
          label: 'oldest email (s)',
          statistic: 'Maximum',
        }),
      ]),
      graph(
        'Jobs: runs by job and outcome, failures',
        [search(METRIC.jobRuns, 'job,outcome', 'Sum', 'Job runs')],
        [
          app(METRIC.jobFailures),
          this.failedBatchJobs.failures.with({ label: 'Batch jobs FAILED (any cause)' }),
        ],
      ),
      graph(
        'Images and the outbox',
        [app(METRIC.imagesProcessed), app(METRIC.imagesFailed)],
        [
          app(METRIC.imageDuration, 'p90', 'image p90 (ms)'),
          app(METRIC.outboxOldestEventAge, 'Maximum', 'outbox lag (s)'),
        ],
      ),
    );
    dashboard.addWidgets(
      graph('Cold starts', [
        app(METRIC.coldStarts),
        ...(props.api.kind === 'lambda'
          ? [
              new Metric({
                namespace: METRIC_NAMESPACE,
                metricName: METRIC.coldStarts,
                dimensionsMap: { function_name: props.api.function.functionName },
                statistic: 'Sum',
                period: Duration.minutes(5),
                label: 'API function cold starts',
              }),
            ]
          : []),
      ]),
    );
    return dashboard;
  }
}

interface ApiMetrics {
  readonly requests: IMetric;
  readonly errorPercent: IMetric;
  readonly latencyP99Ms: IMetric;
  latencyMs(statistic: string): IMetric;
}

function lambdaApiMetrics(api: Extract<MonitoredApi, { kind: 'lambda' }>): ApiMetrics {
  const metric = (metricName: string, statistic: string, label: string) =>
    new Metric({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensionsMap: { ApiId: api.apiId, Stage: api.stageName },
      statistic,
      period: Duration.minutes(5),
      label,
    });
  const requests = metric('Count', 'Sum', 'requests');
  return {
    requests,
    errorPercent: new MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { errors: metric('5xx', 'Sum', '5xx'), requests },
      label: '5xx (%)',
      period: Duration.minutes(5),
    }),
    latencyP99Ms: metric('Latency', 'p99', 'p99'),
    latencyMs: (statistic) => metric('Latency', statistic, statistic),
  };
}

function containerApiMetrics(api: Extract<MonitoredApi, { kind: 'container' }>): ApiMetrics {
  const metric = (metricName: string, statistic: string, label: string) =>
    new Metric({
      namespace: 'AWS/ApplicationELB',
      metricName,
      dimensionsMap: { LoadBalancer: api.loadBalancerFullName },
      statistic,
      period: Duration.minutes(5),
      label,
    });
  const requests = metric('RequestCount', 'Sum', 'requests');
  // TargetResponseTime is in seconds: the alarm and the graphs speak milliseconds.
  const latency = (statistic: string) =>
    new MathExpression({
      expression: `1000 * ${statistic}`,
      usingMetrics: { [statistic]: metric('TargetResponseTime', statistic, statistic) },
      label: statistic,
      period: Duration.minutes(5),
    });
  return {
    requests,
    errorPercent: new MathExpression({
      expression: 'IF(requests > 0, 100 * (FILL(target, 0) + FILL(elb, 0)) / requests, 0)',
      usingMetrics: {
        target: metric('HTTPCode_Target_5XX_Count', 'Sum', 'target 5xx'),
        elb: metric('HTTPCode_ELB_5XX_Count', 'Sum', 'load balancer 5xx'),
        requests,
      },
      label: '5xx (%)',
      period: Duration.minutes(5),
    }),
    latencyP99Ms: latency('p99'),
    latencyMs: latency,
  };
}

function containerHealthyHosts(api: Extract<MonitoredApi, { kind: 'container' }>): IMetric {
  return new Metric({
    namespace: 'AWS/ApplicationELB',
    metricName: 'HealthyHostCount',
    dimensionsMap: { LoadBalancer: api.loadBalancerFullName, TargetGroup: api.targetGroupFullName },
    statistic: 'Minimum',
    period: Duration.minutes(1),
  });
}

/** `-c alarmEmail=ops@example.com`: the address subscribed to the alarm topic (it confirms by email). */
function alarmEmail(scope: Construct): string | undefined {
  const raw: unknown = scope.node.tryGetContext('alarmEmail');
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !ALARM_EMAIL.test(raw))
    throw new InvalidContextError('alarmEmail', `must be an email address, got ${JSON.stringify(raw)}`);
  return raw;
}
