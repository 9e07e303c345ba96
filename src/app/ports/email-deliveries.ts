/** The one email an event causes: recorded before it is sent, so no redelivery sends it again. */
export interface EmailDelivery {
  /** The order event's id: one email per event. */
  eventId: string;
  /** Which email (order-confirmation, payment-received, ...). */
  kind: string;
  recipient: string;
}

/** The record of emails sent per event (PostgreSQL `email_deliveries`). */
export interface EmailDeliveries {
  /**
   * Records that the event's email is being sent. True for the one caller that recorded it; false when
   * the event already has a record (sent, or being sent by a concurrent delivery), also under concurrency.
   */
  claim(delivery: EmailDelivery): Promise<boolean>;
  /** Removes the record of an email that was certainly not sent, so the event's next delivery sends it. */
  release(eventId: string): Promise<void>;
}
