import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * Where an asynchronous invocation lands once Lambda has given up on it (retries spent or too old): the
 * event, the error and the function's response, kept for two weeks for an operator to inspect or replay.
 */
export function failureQueue(scope: Construct, id: string, what: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself the dead-letter destination of ${what}; nothing consumes it automatically, so there is no further failure to catch.`,
  });
  return queue;
}
