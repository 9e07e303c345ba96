import nodemailer from 'nodemailer';
import { EmailNotSentError, type MailSender } from '../../app/ports/mail-sender.js';

export interface SmtpSenderOptions {
  /** `smtp://host:port` (STARTTLS when offered), `smtps://user:password@host:465` (TLS from the start). */
  url: string;
  /** How long to wait for the connection, the greeting, and any answer after it. Default 5 s each. */
  timeoutMs?: number;
}

/** Node's socket errors whose `syscall` says the connection was never made: nothing can have been sent. */
const BEFORE_CONNECTING = new Set(['connect', 'getaddrinfo']);

/**
 * Email over SMTP with nodemailer: MailDev under `npm start`, or any server SMTP_URL names. One connection
 * per message, and no retries of its own (EmailNotSentError tells the caller when another try is safe).
 */
export function createSmtpMailSender(options: SmtpSenderOptions): MailSender & { close(): void } {
  const url = new URL(options.url);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error(`An SMTP URL starts with smtp:// or smtps://, not ${url.protocol}//`);
  }
  const secure = url.protocol === 'smtps:';
  const timeout = options.timeoutMs ?? 5_000;
  const transport = nodemailer.createTransport({
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    ...(url.username === ''
      ? {}
      : { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(email) {
      try {
        const info = await transport.sendMail({
          from: email.from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          ...(email.messageId === undefined ? {} : { messageId: `<${email.messageId}>` }),
        });
        return { id: info.messageId };
      } catch (error) {
        if (certainlyNotSent(error)) {
          throw new EmailNotSentError(`The SMTP server did not take the email to ${email.to}.`, {
            cause: error,
          });
        }
        throw error;
      }
    },
    close: () => transport.close(),
  };
}

/**
 * An SMTP error answer (4xx, 5xx: to the connection, the sender, the recipient or the message) means the
 * server did not take it; so does a connection that was never made. A connection that broke or went quiet
 * later may have lost the server's "250 queued" after it took the message: that is not certain.
 */
function certainlyNotSent(error: unknown): boolean {
  const { responseCode, syscall } = error as { responseCode?: unknown; syscall?: unknown };
  if (typeof responseCode === 'number' && responseCode >= 400) return true;
  return typeof syscall === 'string' && BEFORE_CONNECTING.has(syscall);
}
