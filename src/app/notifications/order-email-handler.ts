import type { OrderEvent } from '../../domain/ordering/order-event.js';
import type { EmailDeliveries } from '../ports/email-deliveries.js';
import type { Logger } from '../ports/logger.js';
import { EmailNotSentError, type MailSender } from '../ports/mail-sender.js';
import { type OrderEmailOptions, orderEmailFor } from './order-emails.js';

export interface OrderEmailDeps extends OrderEmailOptions {
  mail: MailSender;
  deliveries: EmailDeliveries;
  /** The sender identity (MAIL_FROM). */
  from: string;
  logger: Logger;
}

/**
 * What one delivery of an event did: `sent`; `duplicate` (the event's email was sent, or is being sent, by
 * an earlier or concurrent delivery); `none` (the event sends no email, or the order has no address);
 * `unknown` (the transport failed in a way that leaves open whether the email went out: it is not sent
 * again, and the error is logged).
 */
export type OrderEmailOutcome = 'sent' | 'duplicate' | 'none' | 'unknown';

/**
 * The order-email consumer: at most one email per event, however often and however concurrently the bus
 * delivers it. Claim, then send:
 *
 * 1. The event's row in email_deliveries is inserted (committed) before anything is sent. A delivery that
 *    finds the row sends nothing.
 * 2. Then the email is sent. If the transport certainly did not take it (EmailNotSentError: connection
 *    refused, an SMTP or SES error answer), the row is removed again and the error thrown, so the bus
 *    delivers the event again and that delivery sends it.
 * 3. Any other failure (a timeout or a broken connection after the message went out), a crash or a killed
 *    process between 1 and the transport's answer leave the row: that email is lost rather than risk a
 *    second copy. The failure is logged with the event id; the process dying is not.
 *
 * Never resends on its own: retries are the bus's (SQS redelivery on AWS).
 */
export function createOrderEmailHandler(
  deps: OrderEmailDeps,
): (event: OrderEvent) => Promise<OrderEmailOutcome> {
  const { mail, deliveries, logger } = deps;
  return async (event) => {
    const email = orderEmailFor(event, deps);
    const recipient = event.order.email;
    if (email === undefined || recipient === null) return 'none';
    const fields = { eventId: event.id, type: event.type, orderId: event.orderId, kind: email.kind };

    if (!(await deliveries.claim({ eventId: event.id, kind: email.kind, recipient }))) {
      logger.debug('order email already sent for this event', fields);
      return 'duplicate';
    }
    try {
      const sent = await mail.send({
        from: deps.from,
        to: recipient,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: `${event.id}.${email.kind}@slimshop`,
      });
      logger.info('order email sent', { ...fields, messageId: sent.id });
      return 'sent';
    } catch (error) {
      if (error instanceof EmailNotSentError) {
        // Nothing went out: forget the claim so the next delivery sends it. If even that fails, the row
        // stays and the email is lost; the log says so.
        await deliveries.release(event.id).catch((releaseError: unknown) => {
          logger.error('order email not sent, and its claim could not be removed: it will not be sent', {
            ...fields,
            error,
            releaseError,
          });
          throw releaseError;
        });
        throw error;
      }
      logger.error('order email may not have been sent; it is not retried (at most one email per event)', {
        ...fields,
        error,
      });
      return 'unknown';
    }
  };
}
