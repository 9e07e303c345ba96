import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailSender } from '../../src/adapters/mail/smtp-sender.js';
import { silentLogger } from '../../src/app/ports/logger.js';
import { createEmailWorker } from '../../src/composition/order-emails.js';
import { loadEmailWorkerConfig } from '../../src/config/config.js';
import type { OrderEvent } from '../../src/domain/ordering/order-event.js';
import { pickFreePort } from '../../src/local/postgres.js';
import { capturedEmailsTo, useMailDev } from '../support/maildev.js';
import { eventsOf, placeOrder } from '../support/placed-orders.js';
import { useTestDatabase } from '../support/postgres.js';

const QUEUE_ARN = 'arn:aws:sqs:eu-west-1:123456789012:slimshop-order-emails';

/** The event EventBridge delivers to the queue for an order event the relay published (its documented shape). */
function eventBridgeEnvelope(event: OrderEvent) {
  return {
    version: '0',
    id: `eb-${event.id}`,
    'detail-type': event.type,
    source: 'slimshop.orders',
    account: '123456789012',
    time: event.occurredAt,
    region: 'eu-west-1',
    resources: [],
    detail: event,
  };
}

let messages = 0;
/** An SQS record as Lambda's event source mapping hands it over (docs.aws.amazon.com/lambda/latest/dg/with-sqs.html). */
function sqsRecord(body: string, receiveCount = 1): SQSRecord {
  messages++;
  return {
    messageId: `0c3b8a6e-6b1f-4c59-9c1e-${String(messages).padStart(12, '0')}`,
    receiptHandle: `AQEB-receipt-${messages}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '1767225600000',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1767225600100',
    },
    messageAttributes: {},
    md5OfBody: 'ignored-by-the-handler',
    eventSource: 'aws:sqs',
    eventSourceARN: QUEUE_ARN,
    awsRegion: 'eu-west-1',
  };
}

const context = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

/** The email Lambda's handler on SQS batches of EventBridge events, sending to MailDev over SMTP_URL. */
describe('email Lambda handler (SQS -> EventBridge envelope -> order email)', () => {
  const database = useTestDatabase();
  const maildev = useMailDev();
  const saved = { ...process.env };

  beforeAll(() => {
    // The handler reads its configuration at INIT, like every Lambda entrypoint here.
    Object.assign(process.env, {
      DATABASE_URL: database().connectionString,
      MAIL_FROM: 'Slimshop <shop@example.com>',
      SMTP_URL: maildev().smtpUrl,
      LOG_LEVEL: 'error',
    });
  });
  afterAll(() => {
    process.env = saved;
  });

  /** The emails to `address`, once `atLeast` of them are there (MailDev stores a message after its SMTP OK). */
  const emailsTo = (address: string | null, atLeast = 0) => capturedEmailsTo(maildev(), address, atLeast);

  it('sends one email per event across a batch with a duplicate, and reports only the unreadable record', async () => {
    const first = await placeOrder(database().pool);
    const second = await placeOrder(database().pool);
    const [firstPlaced] = (await eventsOf(database().pool, first.id)) as [OrderEvent];
    const [secondPlaced] = (await eventsOf(database().pool, second.id)) as [OrderEvent];
    const unreadable = sqsRecord('{"version":"0","detail-type":"order.placed","detail":');
    const noOrder = sqsRecord(JSON.stringify({ ...eventBridgeEnvelope(firstPlaced), detail: { id: 'x' } }));
    const batch: SQSEvent = {
      Records: [
        sqsRecord(JSON.stringify(eventBridgeEnvelope(firstPlaced))),
        unreadable,
        // EventBridge and SQS are both at least once: the same event again, as a message of its own.
        sqsRecord(JSON.stringify(eventBridgeEnvelope(firstPlaced)), 2),
        noOrder,
        sqsRecord(JSON.stringify(eventBridgeEnvelope(secondPlaced))),
      ],
    };

    const { handler } = await import('../../src/entrypoints/lambda-email.js');
    const result = await handler(batch, context);

    expect(result).toEqual({
      batchItemFailures: [{ itemIdentifier: unreadable.messageId }, { itemIdentifier: noOrder.messageId }],
    });
    expect((await emailsTo(first.email, 1)).map((email) => email.subject)).toEqual([
      `Order ${first.id} confirmed`,
    ]);
    expect((await emailsTo(second.email, 1)).map((email) => email.subject)).toEqual([
      `Order ${second.id} confirmed`,
    ]);
    // The whole batch again (a retried invocation): nothing fails, nothing more is sent.
    expect(
      await handler({ Records: [batch.Records[0] as SQSRecord, batch.Records[4] as SQSRecord] }, context),
    ).toEqual({ batchItemFailures: [] });
    expect(await emailsTo(first.email, 1)).toHaveLength(1);
    expect(await emailsTo(second.email, 1)).toHaveLength(1);
  });

  it('reports a record whose email was refused, and the redelivered record sends it', async () => {
    const order = await placeOrder(database().pool);
    const [placed] = (await eventsOf(database().pool, order.id)) as [OrderEvent];
    const record = sqsRecord(JSON.stringify(eventBridgeEnvelope(placed)));
    const config = loadEmailWorkerConfig();
    const down = createSmtpMailSender({ url: `smtp://127.0.0.1:${await pickFreePort()}` });
    const whileDown = createEmailWorker(config, { logger: silentLogger, sender: down });
    const up = createSmtpMailSender({ url: maildev().smtpUrl });
    const afterwards = createEmailWorker(config, { logger: silentLogger, sender: up });
    try {
      expect(await whileDown.handleBatch({ Records: [record] })).toEqual({
        batchItemFailures: [{ itemIdentifier: record.messageId }],
      });
      expect(await emailsTo(order.email)).toEqual([]);

      expect(
        await afterwards.handleBatch({
          Records: [{ ...record, attributes: { ...record.attributes, ApproximateReceiveCount: '2' } }],
        }),
      ).toEqual({
        batchItemFailures: [],
      });
      expect((await emailsTo(order.email, 1)).map((email) => email.subject)).toEqual([
        `Order ${order.id} confirmed`,
      ]);
    } finally {
      down.close();
      up.close();
      await whileDown.database.close();
      await afterwards.database.close();
    }
  });
});
