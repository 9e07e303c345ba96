import { type Duration, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';

export interface InvokeEveryProps {
  readonly every: Duration;
  readonly description: string;
  /** The event the function receives; none: `{}`. */
  readonly payload?: Record<string, unknown>;
  /** Attempts to deliver an invocation Lambda refused (throttled); a later run stands in for a missed one. */
  readonly retryAttempts: number;
  readonly maxEventAge: Duration;
}

/**
 * EventBridge Scheduler schedules that invoke this stack's functions (asynchronously: the function's own
 * retries and failure destination then apply), under one role that may invoke exactly those functions.
 */
export class Schedules extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.role = new Role(this, 'Role', {
      description: 'EventBridge Scheduler: invokes the scheduled functions of this stack',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      }),
    });
  }

  invokeEvery(id: string, fn: IFunction, props: InvokeEveryProps): Schedule {
    const schedule = new Schedule(this, id, {
      schedule: ScheduleExpression.rate(props.every),
      description: props.description,
      target: new LambdaInvoke(fn, {
        role: this.role,
        input: ScheduleTargetInput.fromObject(props.payload ?? {}),
        retryAttempts: props.retryAttempts,
        maxEventAge: props.maxEventAge,
      }),
    });
    const logicalId = Stack.of(fn).resolve((fn.node.defaultChild as CfnFunction).logicalId);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
      reason:
        "LambdaInvoke's grant covers the scheduled function's versions and aliases (`<arn>:*`); the wildcard stays on that one function.",
    });
    return schedule;
  }
}
