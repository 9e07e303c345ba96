import { afterAll, describe, expect, it } from 'vitest';
import { createSmtpMailSender } from '../../src/adapters/mail/smtp-sender.js';
import { createPostgresEmailDeliveries } from '../../src/adapters/postgres/email-deliveries.js';
import { createOrderEmailHandler } from '../../src/app/notifications/order-email-handler.js';
import type { Logger } from '../../src/app/ports/logger.js';
import { EmailNotSentError, type MailSender } from '../../src/app/ports/mail-sender.js';
import type { Order } from '../../src/domain/ordering/order.js';
import type { OrderEvent } from '../../src/domain/ordering/order-event.js';
import { pickFreePort } from '../../src/local/postgres.js';
import { draftOrderStore } from '../contract/order-store-fixtures.js';
import { capturedEmails, capturedEmailsTo, useMailDev } from '../support/maildev.js';
import { eventsOf as eventsOn, placeOrder as placeOrderOn } from '../support/placed-orders.js';
import { useTestDatabase } from '../support/postgres.js';
import { scriptedSmtpServer } from '../support/scripted-smtp.js';

const FROM = 'Slimshop <shop@example.com>';

/** Log lines kept as written, to check what the consumer says about an email it could not confirm. */
function recordingLogger() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, ...(fields === undefined ? {} : { fields }) });
    };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

/**
 * The order-email consumer end to end: events as the outbox records them (real placements and status
 * changes on PostgreSQL), the delivery record in email_deliveries, and the emails read back from a real
 * SMTP capture (MailDev's REST API).
 */
describe('order emails (consumer on PostgreSQL, sending to MailDev)', () => {
  const database = useTestDatabase();
  const maildev = useMailDev();
  const senders: { close(): void }[] = [];
  afterAll(() => {
    for (const sender of senders) sender.close();
  });

  const smtp = (url = maildev().smtpUrl) => {
    const sender = createSmtpMailSender({ url });
    senders.push(sender);
    return sender;
  };
  const consumer = (mail: MailSender = smtp(), logger = recordingLogger().logger) =>
    createOrderEmailHandler({
      mail,
      deliveries: createPostgresEmailDeliveries(database().pool),
      from: FROM,
      logger,
    });

  const placeOrder = (changes: Partial<Order> = {}) => placeOrderOn(database().pool, changes);
  const eventsOf = (orderId: string) => eventsOn(database().pool, orderId);

  /** The emails to `address`, once `atLeast` of them are there (MailDev stores a message after its SMTP OK). */
  const emailsTo = (address: string | null, atLeast = 0) => capturedEmailsTo(maildev(), address, atLeast);

  const deliveryRows = async (eventIds: string[]) =>
    (
      await database().pool.query<{ event_id: string; kind: string; recipient: string }>(
        'SELECT event_id, kind, recipient FROM email_deliveries WHERE event_id = ANY($1::text[]) ORDER BY sent_at',
        [eventIds],
      )
    ).rows;

  it('sends one email for an event delivered 5 times in a row, and one for an event delivered 5 times at once', async () => {
    const handle = consumer();
    const inRow = await placeOrder();
    const [placedInRow] = (await eventsOf(inRow.id)) as [OrderEvent];
    const atOnce = await placeOrder();
    const [placedAtOnce] = (await eventsOf(atOnce.id)) as [OrderEvent];

    const sequential: string[] = [];
    for (let delivery = 0; delivery < 5; delivery++) sequential.push(await handle(placedInRow));
    // Five deliveries racing, each on a connection of its own (the pool has 25).
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => handle(placedAtOnce)));

    expect(sequential).toEqual(['sent', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(concurrent.filter((outcome) => outcome === 'sent')).toHaveLength(1);
    expect(concurrent.filter((outcome) => outcome === 'duplicate')).toHaveLength(4);
    for (const order of [inRow, atOnce]) {
      const emails = await emailsTo(order.email as string, 1);
      expect(emails.map((email) => email.subject)).toEqual([`Order ${order.id} confirmed`]);
      expect(emails[0]?.from).toEqual([{ address: 'shop@example.com', name: 'Slimshop' }]);
      expect(emails[0]?.text).toContain(`2 x Product ${order.items[0]?.productId}`);
      expect(emails[0]?.html).toContain('<td colspan="3"');
    }
    expect(await deliveryRows([placedInRow.id, placedAtOnce.id])).toEqual([
      { event_id: placedInRow.id, kind: 'order-confirmation', recipient: inRow.email },
      { event_id: placedAtOnce.id, kind: 'order-confirmation', recipient: atOnce.email },
    ]);
  });

  it("sends each email of an order's life once, however often each event comes, and none for delivered", async () => {
    const handle = consumer();
    const shipped = await placeOrder();
    const orders = draftOrderStore(database().pool);
    await orders.transition(shipped.id, ['placed'], 'paid', new Date());
    await orders.transition(shipped.id, ['paid'], 'shipped', new Date());
    await orders.transition(shipped.id, ['shipped'], 'delivered', new Date());
    const cancelled = await placeOrder();
    await orders.transition(cancelled.id, ['placed'], 'cancelled', new Date());
    const events = [...(await eventsOf(shipped.id)), ...(await eventsOf(cancelled.id))];
    expect(events.map((event) => event.type)).toEqual([
      'order.placed',
      'order.paid',
      'order.shipped',
      'order.delivered',
      'order.placed',
      'order.cancelled',
    ]);

    // At least once, out of order: the whole stream twice, the second time backwards.
    for (const event of [...events, ...[...events].reverse()]) await handle(event);

    expect((await emailsTo(shipped.email as string, 3)).map((email) => email.subject)).toEqual([
      `Order ${shipped.id} confirmed`,
      `Payment received for order ${shipped.id}`,
      `Order ${shipped.id} has shipped`,
    ]);
    expect((await emailsTo(cancelled.email as string, 2)).map((email) => email.subject)).toEqual([
      `Order ${cancelled.id} confirmed`,
      `Order ${cancelled.id} cancelled`,
    ]);
  });

  it('sends nothing and records nothing for an order without an email address', async () => {
    const handle = consumer();
    const order = await placeOrder({ email: null });
    const [placed] = (await eventsOf(order.id)) as [OrderEvent];
    const before = (await capturedEmails(maildev())).length;

    expect(await handle(placed)).toBe('none');
    expect(await deliveryRows([placed.id])).toEqual([]);
    expect(await capturedEmails(maildev())).toHaveLength(before);
  });

  it('a send the SMTP server refused leaves no record: the next delivery of the event sends it', async () => {
    const order = await placeOrder();
    const [placed] = (await eventsOf(order.id)) as [OrderEvent];
    const nobodyListens = smtp(`smtp://127.0.0.1:${await pickFreePort()}`);
    const rejecting = await scriptedSmtpServer('reject-message');

    const refused = await consumer(nobodyListens)(placed).catch((error: unknown) => error);
    const rejected = await consumer(smtp(rejecting.url))(placed).catch((error: unknown) => error);
    await rejecting.close();

    expect(refused).toBeInstanceOf(EmailNotSentError);
    expect(rejected).toBeInstanceOf(EmailNotSentError);
    expect(rejecting.state.received).toBe(1);
    expect(await deliveryRows([placed.id])).toEqual([]);
    expect(await emailsTo(order.email as string)).toEqual([]);

    expect(await consumer()(placed)).toBe('sent');
    expect((await emailsTo(order.email as string, 1)).map((email) => email.subject)).toEqual([
      `Order ${order.id} confirmed`,
    ]);
  });

  it('an email that may have gone out (the connection broke after the message) is never sent again', async () => {
    const order = await placeOrder();
    const [placed] = (await eventsOf(order.id)) as [OrderEvent];
    const dropping = await scriptedSmtpServer('drop-after-message');
    const { logger, lines } = recordingLogger();

    const outcome = await consumer(smtp(dropping.url), logger)(placed);
    await dropping.close();

    expect(dropping.state.received).toBe(1);
    expect(outcome).toBe('unknown');
    expect(lines.filter((line) => line.level === 'error')).toMatchObject([
      {
        message: expect.stringMatching(/may not have been sent/),
        fields: { eventId: placed.id, kind: 'order-confirmation', error: { code: 'ECONNECTION' } },
      },
    ]);
    // Redelivered (the bus is at least once) to a server that works: nothing more goes out.
    expect(await consumer()(placed)).toBe('duplicate');
    expect(await emailsTo(order.email as string)).toEqual([]);
    expect(await deliveryRows([placed.id])).toEqual([
      { event_id: placed.id, kind: 'order-confirmation', recipient: order.email },
    ]);
  });
});
