import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createSesMailSender } from '../adapters/mail/ses-sender.js';
import { createOrderEmailHandler, type OrderEmailOutcome } from '../app/notifications/order-email-handler.js';
import type { EmailDeliveries } from '../app/ports/email-deliveries.js';
import type { Logger } from '../app/ports/logger.js';
import type { MailSender } from '../app/ports/mail-sender.js';
import type { EmailWorkerConfig, MailConfig } from '../config/config.js';
import { ORDER_EVENT_TYPES, type OrderEvent } from '../domain/ordering/order-event.js';
import { createLogger } from '../observability/logger.js';
import { createLazyPostgres, type LazyPostgres } from './lazy-postgres.js';

/**
 * SMTP when SMTP_URL is set (MailDev under `npm start`), Amazon SES otherwise. Either loads its library with
 * the first email: the email Lambda's cold start parses neither nodemailer (~240 KB) nor the SES client.
 */
export function createMailSender(mail: MailConfig, region: string): MailSender & { close(): void } {
  const { smtpUrl } = mail;
  if (smtpUrl === undefined) return { ...createSesMailSender({ region }), close() {} };
  let smtp: ReturnType<typeof loadSmtp> | undefined;
  const loadSmtp = () =>
    import('../adapters/mail/smtp-sender.js').then(({ createSmtpMailSender }) =>
      createSmtpMailSender({ url: smtpUrl }),
    );
  return {
    async send(email) {
      smtp ??= loadSmtp();
      return (await smtp).send(email);
    },
    close() {
      void smtp?.then((sender) => sender.close());
    },
  };
}

export interface OrderEmailConsumerDeps {
  mail: MailConfig;
  deliveries: EmailDeliveries;
  region: string;
  logger: Logger;
  /** Default: from `mail` (SMTP_URL or SES). */
  sender?: MailSender;
}

/** The order-email consumer (one email per event at most), ready to subscribe to a bus; close() after. */
export function createOrderEmailConsumer(deps: OrderEmailConsumerDeps) {
  const sender = deps.sender ?? createMailSender(deps.mail, deps.region);
  return {
    handle: createOrderEmailHandler({
      mail: sender,
      deliveries: deps.deliveries,
      from: deps.mail.from,
      logger: deps.logger,
    }),
    close: () => (sender as Partial<{ close(): void }>).close?.(),
  };
}

/** What the email Lambda runs on: its database (email_deliveries) and the SQS batch handler. */
export interface EmailWorker {
  handleBatch(event: SQSEvent): Promise<SQSBatchResponse>;
  database: LazyPostgres;
}

/**
 * The email Lambda: an SQS queue subscribed to the order event bus delivers EventBridge events, one per
 * record (`detail` is the OrderEvent). Records are handled one after the other; each one that fails
 * (unreadable, or its email certainly not sent and worth another try) is reported in batchItemFailures,
 * so SQS delivers only those again, and after the queue's maxReceiveCount moves them to the DLQ.
 */
export function createEmailWorker(
  config: EmailWorkerConfig,
  overrides: { logger?: Logger; sender?: MailSender } = {},
): EmailWorker {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, service: 'slimshop-email' });
  const database = createLazyPostgres({
    database: config.database,
    region: config.region,
    runtime: 'lambda',
    logger,
  });
  const consumer = createOrderEmailConsumer({
    mail: config.mail,
    deliveries: database.emailDeliveries,
    region: config.region,
    logger,
    ...(overrides.sender === undefined ? {} : { sender: overrides.sender }),
  });
  return { handleBatch: sqsBatchHandler(consumer.handle, logger), database };
}

export function sqsBatchHandler(
  handle: (event: OrderEvent) => Promise<OrderEmailOutcome>,
  logger: Logger,
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  return async (event) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        await handle(orderEventIn(record.body));
      } catch (error) {
        logger.error('order email record failed: SQS delivers it again', {
          messageId: record.messageId,
          receiveCount: record.attributes.ApproximateReceiveCount,
          error,
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}

/** A record's body: the EventBridge event as the bus sent it to the queue, the OrderEvent in `detail`. */
export class UnreadableRecordError extends Error {
  constructor(reason: string) {
    super(`The SQS record holds no order event: ${reason}`);
    this.name = 'UnreadableRecordError';
  }
}

const EVENT_TYPES: ReadonlySet<string> = new Set(ORDER_EVENT_TYPES);

function orderEventIn(body: string): OrderEvent {
  let envelope: unknown;
  try {
    envelope = JSON.parse(body);
  } catch {
    throw new UnreadableRecordError('the body is not JSON');
  }
  const detail = (envelope as { detail?: unknown } | null)?.detail as Partial<OrderEvent> | undefined;
  if (typeof detail !== 'object' || detail === null) {
    throw new UnreadableRecordError('the body is no EventBridge event with a detail object');
  }
  if (typeof detail.id !== 'string' || typeof detail.type !== 'string' || !EVENT_TYPES.has(detail.type)) {
    throw new UnreadableRecordError('its detail has no id or no order event type');
  }
  if (typeof detail.order !== 'object' || detail.order === null || !Array.isArray(detail.order.items)) {
    throw new UnreadableRecordError(`event ${detail.id} carries no order`);
  }
  return detail as OrderEvent;
}
