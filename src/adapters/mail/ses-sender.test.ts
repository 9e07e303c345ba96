import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EmailNotSentError } from '../../app/ports/mail-sender.js';
import { createSesMailSender } from './ses-sender.js';

interface Captured {
  method: string;
  hostname: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

type Answer =
  | { statusCode: number; headers?: Record<string, string>; body: string }
  | { networkError: NodeJS.ErrnoException };

/**
 * A request handler in place of the SDK's HTTP one: it keeps each serialized, signed request and answers
 * as SES would (or fails as the network would). Everything up to the wire is the SDK's own code.
 */
function sesAnswering(answer: Answer) {
  const requests: Captured[] = [];
  const requestHandler = {
    async handle(request: Captured & { body?: unknown }) {
      requests.push({
        method: request.method,
        hostname: request.hostname,
        path: request.path,
        headers: request.headers,
        body:
          typeof request.body === 'string'
            ? request.body
            : new TextDecoder().decode(request.body as Uint8Array),
      });
      if ('networkError' in answer) throw answer.networkError;
      return {
        response: {
          statusCode: answer.statusCode,
          headers: { 'content-type': 'application/json', ...answer.headers },
          body: Readable.from([answer.body]),
        },
      };
    },
  };
  const sender = createSesMailSender({
    region: 'eu-west-1',
    clientConfig: { requestHandler, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } },
  });
  return { requests, sender };
}

const email = {
  from: 'Slimshop <shop@example.com>',
  to: 'ada@example.com',
  subject: 'Order 42 confirmed',
  text: 'Thank you, Ada. €29.00',
  html: '<p>Thank you, <b>Ada</b>.</p>',
  messageId: 'evt-1.order-confirmation@slimshop',
};

const sesError = (statusCode: number, type: string) => ({
  statusCode,
  headers: { 'x-amzn-errortype': type },
  body: JSON.stringify({ message: `${type} from the test` }),
});

const networkError = (code: string) => Object.assign(new Error(`${code} from the test`), { code });

describe('SES mail sender (SESv2 SendEmail at the SDK seam)', () => {
  it('sends one signed SendEmail from the sender identity with the subject and both bodies in UTF-8', async () => {
    const { requests, sender } = sesAnswering({ statusCode: 200, body: '{"MessageId":"0100-ses-id"}' });

    const sent = await sender.send(email);

    expect(sent).toEqual({ id: '0100-ses-id' });
    expect(requests).toHaveLength(1);
    const [request] = requests as [Captured];
    expect(request).toMatchObject({
      method: 'POST',
      hostname: 'email.eu-west-1.amazonaws.com',
      path: '/v2/email/outbound-emails',
    });
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/ses\//,
    );
    expect(JSON.parse(request.body)).toEqual({
      FromEmailAddress: 'Slimshop <shop@example.com>',
      Destination: { ToAddresses: ['ada@example.com'] },
      Content: {
        Simple: {
          Subject: { Data: 'Order 42 confirmed', Charset: 'UTF-8' },
          Body: {
            Text: { Data: 'Thank you, Ada. €29.00', Charset: 'UTF-8' },
            Html: { Data: '<p>Thank you, <b>Ada</b>.</p>', Charset: 'UTF-8' },
          },
        },
      },
    });
  });

  it('encodes a display name outside ASCII (RFC 2047) and an international domain (Punycode), as SES requires', async () => {
    const { requests, sender } = sesAnswering({ statusCode: 200, body: '{"MessageId":"0100-ses-id"}' });

    await sender.send({ ...email, from: 'Café Crème <shop@example.com>', to: 'jörg@bücher.example' });

    const body = JSON.parse((requests[0] as Captured).body);
    expect(body.FromEmailAddress).toBe('=?utf-8?B?Q2Fmw6kgQ3LDqG1l?= <shop@example.com>');
    expect(Buffer.from('Q2Fmw6kgQ3LDqG1l', 'base64').toString('utf8')).toBe('Café Crème');
    expect(body.Destination).toEqual({ ToAddresses: ['jörg@xn--bcher-kva.example'] });
  });

  it('a client error from SES (message rejected, throttled) is EmailNotSentError, after one request', async () => {
    for (const [statusCode, type] of [
      [400, 'MessageRejected'],
      [429, 'TooManyRequestsException'],
    ] as const) {
      const { requests, sender } = sesAnswering(sesError(statusCode, type));

      const error = await sender.send(email).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(EmailNotSentError);
      expect((error as Error).cause).toMatchObject({ name: type, $fault: 'client' });
      expect(requests).toHaveLength(1);
    }
  });

  it('a refused connection is EmailNotSentError: the request never reached SES', async () => {
    const { sender } = sesAnswering({ networkError: networkError('ECONNREFUSED') });

    const error = await sender.send(email).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(EmailNotSentError);
    expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('a server error or a connection reset is not EmailNotSentError (SES may have sent it), and is not retried', async () => {
    for (const answer of [sesError(500, 'InternalFailure'), { networkError: networkError('ECONNRESET') }]) {
      const { requests, sender } = sesAnswering(answer);

      const error = await sender.send(email).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(EmailNotSentError);
      // The SDK's default would try up to 3 times; one SendEmail more could be one email more.
      expect(requests).toHaveLength(1);
    }
  });
});
