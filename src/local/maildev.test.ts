import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { capturedEmails } from '../../test/support/maildev.js';
import { createSmtpMailSender } from '../adapters/mail/smtp-sender.js';
import { startMailDev } from './maildev.js';
import { PortInUseError, pickFreePort } from './postgres.js';

const email = (subject: string) => ({
  from: 'Slimshop <shop@example.com>',
  to: 'ada@example.com',
  subject,
  text: 'plain',
  html: '<p>html</p>',
});

/** Nothing listens on the port (a server could bind it). */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('startMailDev', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('captures what is sent over SMTP, shows it on GET /email, and keeps it in its mail directory across restarts', async () => {
    const mailDirectory = await mkdtemp(join(tmpdir(), 'slimshop-maildev-'));
    dirs.push(mailDirectory);
    const first = await startMailDev({ mailDirectory });
    expect(first.smtpUrl).toBe(`smtp://127.0.0.1:${first.smtpPort}`);
    expect(first.uiUrl).toBe(`http://127.0.0.1:${first.uiPort}`);
    try {
      const sender = createSmtpMailSender({ url: first.smtpUrl });
      await sender.send(email('kept'));
      sender.close();
      expect((await capturedEmails(first)).map((message) => message.subject)).toEqual(['kept']);
    } finally {
      await first.stop();
    }
    expect(await isFree(first.smtpPort)).toBe(true);
    expect((await readdir(mailDirectory)).filter((name) => name.endsWith('.eml'))).toHaveLength(1);

    const second = await startMailDev({ mailDirectory });
    try {
      expect((await capturedEmails(second)).map((message) => message.subject)).toEqual(['kept']);
    } finally {
      await second.stop();
    }
  });

  it('serves its web UI on the UI port', async () => {
    const maildev = await startMailDev();
    try {
      const page = await fetch(maildev.uiUrl);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<title>MailDev/);
    } finally {
      await maildev.stop();
    }
  });

  it('refuses a taken SMTP or UI port with an error naming it, leaving nothing running', async () => {
    const blocker: Server = createServer();
    const taken = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    try {
      const free = await pickFreePort();
      for (const ports of [
        { smtpPort: taken, uiPort: free },
        { smtpPort: free, uiPort: taken },
      ]) {
        const error = await startMailDev(ports).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(PortInUseError);
        expect(error).toMatchObject({ code: 'EADDRINUSE', port: taken });
        expect(await isFree(free)).toBe(true);
      }
    } finally {
      blocker.close();
    }
  });

  it('stop() after MailDev died on its own just returns', async () => {
    const maildev = await startMailDev();
    process.kill(-maildev.pid, 'SIGKILL');
    await expect(maildev.stop()).resolves.toBeUndefined();
    await expect(maildev.stop()).resolves.toBeUndefined();
  });
});
