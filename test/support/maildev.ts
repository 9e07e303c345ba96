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
