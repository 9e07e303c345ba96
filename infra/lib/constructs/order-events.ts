import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Grant } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { ENV } from '../../../src/config/env-names.js';
import { sesIdentities } from '../config/deploy-context.js';
import type { StageConfig } from '../config/stage-config.js';
import type { DatabaseEndpoint } from './database-access.js';
import { DatabaseFunction } from './database-function.js';
import { failureQueue } from './failure-queue.js';
import type { Schedules } from './schedules.js';
import type { ShopNetwork } from './shop-network.js';

/** The `source` of every order event on the bus (src/adapters/events/eventbridge-publisher.ts). */
export const ORDER_EVENT_SOURCE = 'slimshop.orders';

/**
 * The `detail-type`s that send an email (EMAIL_KIND_OF_EVENT in src/app/notifications/order-emails.ts, which
 * infra may not import; order-events.test.ts reads it to keep the two equal): the rule forwards only these.
 */
export const EMAIL_EVENT_TYPES = [
  'order.placed',
  'order.paid',
  'order.shipped',
  'order.cancelled',
  'order.refunded',
] as const;

/** How often the relay sweeps the outbox: the most an event waits when the API's own publish failed. */
export const RELAY_EVERY = Duration.minutes(1);

export interface OrderEventsBundles {
  /** dist/lambda/relay: one outbox sweep per invocation. */
  readonly relay: string;
  /** dist/lambda/email: SQS batches of order events -> emails, reporting batchItemFailures. */
  readonly email: string;
}

export interface OrderEventsProps {
  readonly config: StageConfig;
  readonly network: ShopNetwork;
  readonly database: DatabaseEndpoint;
  readonly bundles: OrderEventsBundles;
  readonly schedules: Schedules;
}

/**
 * Order events on AWS: the stage's EventBridge bus the API (and the relay) publish to, the relay that
 * publishes what the outbox still holds every minute, and the order emails: a rule on the bus for the event
 * types that send one, an SQS queue (with its dead-letter queue) and the email Lambda sending through SES.
 */
export class OrderEvents extends Construct {
  readonly bus: EventBus;
  readonly relay: DatabaseFunction;
  readonly emailQueue: Queue;
  readonly emailFailures: Queue;
  readonly email: DatabaseFunction;

  constructor(scope: Construct, id: string, props: OrderEventsProps) {
    super(scope, id);
    const { config, network, database } = props;
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: `slimshop-${config.stage}-orders`,
      description: `Slimshop ${config.stage}: order events (source ${ORDER_EVENT_SOURCE})`,
    });

    this.relay = new DatabaseFunction(this, 'Relay', {
      bundleDir: props.bundles.relay,
      what: 'the relay function',
      environment: {
        [ENV.eventBusName]: this.bus.eventBusName,
        [ENV.logLevel]: config.logLevel,
        [ENV.stage]: config.stage,
      },
      memoryMb: 256,
      timeout: Duration.seconds(50),
      network,
      database,
      logRetention: config.logRetention,
      // The next sweep, a minute later, is the retry.
      retryAttempts: 0,
      maxEventAge: Duration.minutes(1),
    });
    this.bus.grantPutEventsTo(this.relay.function);
    props.schedules.invokeEvery('Relay', this.relay.function, {
      every: RELAY_EVERY,
      description: 'Publishes the order events the outbox still holds',
      retryAttempts: 0,
      maxEventAge: Duration.minutes(1),
    });

    const { email: mail } = config;
    this.emailFailures = failureQueue(this, 'EmailFailures', 'the order-email queue');
    this.emailQueue = new Queue(this, 'EmailQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      // Six times the function's timeout, as Lambda advises for SQS event sources.
      visibilityTimeout: Duration.seconds(6 * mail.timeoutSeconds),
      deadLetterQueue: { queue: this.emailFailures, maxReceiveCount: mail.maxReceiveCount },
    });
    new Rule(this, 'EmailRule', {
      eventBus: this.bus,
      description: 'Order events that send an email, to the email queue',
      eventPattern: { source: [ORDER_EVENT_SOURCE], detailType: [...EMAIL_EVENT_TYPES] },
      targets: [new SqsQueue(this.emailQueue)],
    });

    this.email = new DatabaseFunction(this, 'Email', {
      bundleDir: props.bundles.email,
      what: 'the email function',
      environment: {
        [ENV.mailFrom]: mail.mailFrom,
        [ENV.logLevel]: config.logLevel,
        [ENV.stage]: config.stage,
      },
      memoryMb: mail.memoryMb,
      timeout: Duration.seconds(mail.timeoutSeconds),
      network,
      database,
      logRetention: config.logRetention,
    });
    this.email.function.addEventSource(
      new SqsEventSource(this.emailQueue, {
        batchSize: 10,
        // The handler answers which messages failed: only those come back.
        reportBatchItemFailures: true,
        maxConcurrency: mail.maxConcurrency,
      }),
    );
    grantSendEmail(this.email.function, mail.mailFrom);
  }

  /** What the API publishes to: EVENT_BUS_NAME. */
  apiEnvironment(): Record<string, string> {
    return { [ENV.eventBusName]: this.bus.eventBusName };
  }

  /** `events:PutEvents` on this bus only. */
  grantPublish(grantee: IGrantable): void {
    this.bus.grantPutEventsTo(grantee);
  }
}

/**
 * `ses:SendEmail` from the stage's sender only: on the SES identities of its address and of its domain
 * (SES authorises against whichever of the two is verified).
 */
export function grantSendEmail(grantee: IGrantable & IConstruct, mailFrom: string): Grant {
  const identities = sesIdentities(mailFrom);
  if (!identities) throw new Error(`mailFrom ${JSON.stringify(mailFrom)} holds no email address`);
  const stack = Stack.of(grantee);
  const arn = (identity: string) =>
    stack.formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: identity,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  return Grant.addToPrincipal({
    grantee,
    actions: ['ses:SendEmail'],
    resourceArns: [arn(identities.address), arn(identities.domain)],
  });
}
