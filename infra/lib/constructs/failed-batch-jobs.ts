import { Duration } from 'aws-cdk-lib';
import type { IJobQueue } from 'aws-cdk-lib/aws-batch';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { EventField, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * Every job of our queues that AWS Batch ends FAILED, after its retries: the only trace of a job killed from
 * outside (Spot taken back once too often, out of memory, its timeout), which stops before it can write a
 * metric. Each one is told to `topic` with its name, queue and Batch's reason; `failures` counts them (the
 * rule's TriggeredRules) for an alarm and the dashboard. Jobs that fail by their own verdict end FAILED too
 * (they also count in JobFailures).
 *
 * @example
 *   const failed = new FailedBatchJobs(this, 'FailedBatchJobs', { queues: [batch.queue], topic });
 *   new Alarm(this, 'BatchJobsFailed', { metric: failed.failures, threshold: 0, evaluationPeriods: 1 });
 */
export class FailedBatchJobs extends Construct {
  readonly rule: Rule;
  /** Failed jobs per 5 minutes (Sum); without a label, so an alarm on it stays a plain metric alarm. */
  readonly failures: Metric;

  constructor(scope: Construct, id: string, props: { queues: readonly IJobQueue[]; topic: ITopic }) {
    super(scope, id);
    this.rule = new Rule(this, 'Rule', {
      description: 'Slimshop Batch jobs that ended FAILED after their retries',
      eventPattern: {
        source: ['aws.batch'],
        detailType: ['Batch Job State Change'],
        detail: { status: ['FAILED'], jobQueue: props.queues.map((queue) => queue.jobQueueArn) },
      },
    });
    const field = (path: string) => EventField.fromPath(`$.detail.${path}`);
    this.rule.addTarget(
      new SnsTopic(props.topic, {
        message: RuleTargetInput.fromText(
          `AWS Batch job ${field('jobName')} (${field('jobId')}) on ${field('jobQueue')} ended FAILED: ` +
            `${field('statusReason')}. Runbook: docs/operations.md#batchjobsfailed`,
        ),
      }),
    );
    this.failures = new Metric({
      namespace: 'AWS/Events',
      metricName: 'TriggeredRules',
      dimensionsMap: { RuleName: this.rule.ruleName },
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
  }
}
