import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningMailDev, startMailDev } from '../../src/local/maildev.js';
import { perTestFile } from './per-test-file.js';

/** A message as MailDev's REST API (`GET /email`) shows it. */
export interface CapturedEmail {
  id: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  from: { address: string; name: string }[];
  to: { address: string; name: string }[];
  headers: Record<string, string>;
}

/** Every message MailDev has captured, oldest first. */
export async function capturedEmails(maildev: Pick<RunningMailDev, 'uiUrl'>): Promise<CapturedEmail[]> {
  const response = await fetch(`${maildev.uiUrl}/email`);
  if (response.status !== 200) throw new Error(`MailDev answered ${response.status} to GET /email`);
  return (await response.json()) as CapturedEmail[];
}

/**
 * The messages MailDev captured for `address`, as soon as there are at least `atLeast` (or after `timeoutMs`,
 * whatever there is): the SMTP server says OK before MailDev has stored the message, so a read right after a
 * send can miss it.
 */
export async function capturedEmailsTo(
  maildev: Pick<RunningMailDev, 'uiUrl'>,
  address: string | null,
  atLeast = 0,
  timeoutMs = 10_000,
): Promise<CapturedEmail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const emails = (await capturedEmails(maildev)).filter((email) =>
      email.to.some((to) => to.address === address),
    );
    if (emails.length >= atLeast || Date.now() >= deadline) return emails;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** MailDev of the test file's own (free ports, messages in a temporary folder), stopped after its tests. */
export function useMailDev(): () => RunningMailDev & { mailDirectory: string } {
  return perTestFile(
    'MailDev',
    async () => {
      const mailDirectory = await mkdtemp(join(tmpdir(), 'slimshop-mail-'));
      return { ...(await startMailDev({ mailDirectory })), mailDirectory };
    },
    async (maildev) => {
      await maildev.stop();
      await rm(maildev.mailDirectory, { recursive: true, force: true });
    },
  );
}
