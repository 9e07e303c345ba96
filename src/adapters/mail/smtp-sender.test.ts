import { afterEach, describe, expect, it } from 'vitest';
import { capturedEmails, useMailDev } from '../../../test/support/maildev.js';
import { scriptedSmtpServer } from '../../../test/support/scripted-smtp.js';
import { EmailNotSentError } from '../../app/ports/mail-sender.js';
import { pickFreePort } from '../../local/postgres.js';
import { createSmtpMailSender } from './smtp-sender.js';

const email = {
  from: 'Slimshop <shop@example.com>',
  to: 'ada@example.com',
  subject: 'Order 42 confirmed: 2 × mug',
  text: 'Thank you, Ada.\n2 x Mug: €29.00',
  html: '<p>Thank you, <b>Ada</b>.</p>',
  messageId: 'evt-1.order-confirmation@slimshop',
};

describe('SMTP mail sender', () => {
  const maildev = useMailDev();
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('delivers sender, recipient, subject, both bodies and our Message-ID to the SMTP server (MailDev)', async () => {
    const sender = createSmtpMailSender({ url: maildev().smtpUrl });
    closers.push(() => sender.close());

    const sent = await sender.send(email);

    const [captured, ...more] = await capturedEmails(maildev());
    expect(more).toEqual([]);
    expect(sent.id).toBe('<evt-1.order-confirmation@slimshop>');
    expect(captured).toMatchObject({
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: 'evt-1.order-confirmation@slimshop',
      from: [{ address: 'shop@example.com', name: 'Slimshop' }],
      to: [{ address: 'ada@example.com', name: '' }],
    });
  });

  it('a refused recipient or message is EmailNotSentError, keeping the SMTP answer as its cause', async () => {
    for (const [behaviour, responseCode] of [
      ['reject-recipient', 550],
      ['reject-message', 451],
    ] as const) {
      const server = await scriptedSmtpServer(behaviour);
      closers.push(server.close);
      const sender = createSmtpMailSender({ url: server.url });
      closers.push(() => sender.close());

      const error = await sender.send(email).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(EmailNotSentError);
      expect((error as Error).cause).toMatchObject({ responseCode });
    }
  });

  it('a connection that is refused is EmailNotSentError (nothing was ever sent)', async () => {
    const sender = createSmtpMailSender({ url: `smtp://127.0.0.1:${await pickFreePort()}` });
    closers.push(() => sender.close());

    const error = await sender.send(email).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(EmailNotSentError);
    expect((error as Error).cause).toMatchObject({
      syscall: 'connect',
      message: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it('a connection lost after the whole message went out is not EmailNotSentError: the server may have it', async () => {
    const server = await scriptedSmtpServer('drop-after-message');
    closers.push(server.close);
    const sender = createSmtpMailSender({ url: server.url });
    closers.push(() => sender.close());

    const error = await sender.send(email).catch((caught: unknown) => caught);

    expect(server.state.received).toBe(1);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(EmailNotSentError);
    expect(error).toMatchObject({ code: 'ECONNECTION' });
  });

  it('refuses a URL that is not smtp:// or smtps://', () => {
    expect(() => createSmtpMailSender({ url: 'http://127.0.0.1:1025' })).toThrow(/smtp:\/\/ or smtps:\/\//);
  });
});
