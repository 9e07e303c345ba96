/** One email, ready to go: a single recipient, a plain-text and an HTML body. */
export interface OutgoingEmail {
  /** The sender identity (MAIL_FROM): `shop@example.com` or `Slimshop <shop@example.com>`. */
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * Stable per event, so a transport that sets Message-ID (SMTP) gives every copy of one email the same id.
   * Without angle brackets: `<id>` is written by the sender.
   */
  messageId?: string;
}

/** What the transport said when it took the message. */
export interface SentEmail {
  /** The transport's id for it (SES MessageId, or the SMTP server's queue answer). */
  id: string;
}

/**
 * Sends email: SMTP (nodemailer; MailDev under `npm start`) or Amazon SES. An implementation never
 * resends by itself: a retry that could deliver a second copy is the caller's decision.
 *
 * It throws EmailNotSentError when the transport certainly did not take the message (refused the
 * connection, or answered with an error), and any other error when it cannot tell (the connection broke or
 * timed out after the message went out).
 */
export interface MailSender {
  send(email: OutgoingEmail): Promise<SentEmail>;
}

/** The transport did not take the message: sending it again cannot make a second copy. */
export class EmailNotSentError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'EmailNotSentError';
  }
}
