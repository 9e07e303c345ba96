import { domainToASCII } from 'node:url';
import type { SESv2Client, SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import { EmailNotSentError, type MailSender } from '../../app/ports/mail-sender.js';

export interface SesSenderOptions {
  region: string;
  /** Tests put a request handler here (the SDK's own seam). */
  clientConfig?: Partial<SESv2ClientConfig>;
}

/** Errors of the SDK or the network that happen before a request leaves: nothing can have been sent. */
const BEFORE_SENDING = new Set(['CredentialsProviderError', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Email through Amazon SES (API v2, SendEmail) from a verified identity. The SDK is loaded on the first
 * email, not at start-up. The client makes one attempt: SendEmail has no idempotency token, so an SDK
 * retry after a lost answer could send a second copy; retrying is the caller's call, and
 * EmailNotSentError says when it is safe.
 */
export function createSesMailSender(options: SesSenderOptions): MailSender {
  let loading:
    | Promise<{
        client: SESv2Client;
        SendEmailCommand: typeof import('@aws-sdk/client-sesv2').SendEmailCommand;
      }>
    | undefined;
  const load = () => {
    loading ??= import('@aws-sdk/client-sesv2').then(({ SESv2Client, SendEmailCommand }) => ({
      client: new SESv2Client({ region: options.region, ...options.clientConfig, maxAttempts: 1 }),
      SendEmailCommand,
    }));
    return loading;
  };
  return {
    async send(email) {
      const { client, SendEmailCommand } = await load();
      const utf8 = (data: string) => ({ Data: data, Charset: 'UTF-8' });
      try {
        const output = await client.send(
          new SendEmailCommand({
            FromEmailAddress: sesAddress(email.from),
            Destination: { ToAddresses: [sesAddress(email.to)] },
            Content: {
              Simple: {
                Subject: utf8(email.subject),
                Body: { Text: utf8(email.text), Html: utf8(email.html) },
              },
            },
          }),
        );
        return { id: output.MessageId ?? '' };
      } catch (error) {
        if (certainlyNotSent(error)) {
          throw new EmailNotSentError(`SES did not take the email to ${email.to}.`, { cause: error });
        }
        throw error;
      }
    },
  };
}

/**
 * An address as SES takes it: a display name outside ASCII as a MIME encoded-word (RFC 2047), the domain
 * in Punycode (`shop@bücher.example` -> `shop@xn--bcher-kva.example`).
 */
export function sesAddress(address: string): string {
  const named = /^(.*?)\s*<([^<>]+)>$/.exec(address);
  const [name, mailbox] = named === null ? [undefined, address] : [named[1], named[2] as string];
  const at = mailbox.lastIndexOf('@');
  const ascii = `${mailbox.slice(0, at)}@${domainToASCII(mailbox.slice(at + 1)) || mailbox.slice(at + 1)}`;
  if (name === undefined || name === '') return ascii;
  const plain = /^[\x20-\x7e]*$/.test(name);
  return `${plain ? name : `=?utf-8?B?${Buffer.from(name, 'utf8').toString('base64')}?=`} <${ascii}>`;
}

/**
 * SES answering with a client error (4xx: MessageRejected, TooManyRequests, SendingPaused, an unverified
 * identity...) did not send; neither did a request that never left. A server error (5xx) or a lost answer
 * may come after SES took the message.
 */
function certainlyNotSent(error: unknown): boolean {
  const { $fault, name, code } = error as { $fault?: unknown; name?: unknown; code?: unknown };
  if ($fault === 'client') return true;
  return BEFORE_SENDING.has(String(name)) || BEFORE_SENDING.has(String(code));
}
