import { request } from 'node:http';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PortInUseError, pickFreePort } from './postgres.js';
import { spawnStandIn } from './stand-in-process.js';

export interface MailDevOptions {
  /** The SMTP port; 0 (the default) picks a free one. */
  smtpPort?: number;
  /** The web UI's (and REST API's) port; 0 (the default) picks a free one. */
  uiPort?: number;
  /** Where messages are kept as .eml files, across restarts; absent = a temporary folder of MailDev's. */
  mailDirectory?: string;
}

export interface RunningMailDev {
  /** What the SMTP sender connects to: `smtp://127.0.0.1:<port>`. */
  smtpUrl: string;
  /** The web UI, and the REST API under it (`GET /email`: every message as JSON). */
  uiUrl: string;
  smtpPort: number;
  uiPort: number;
  /** Its process group's id. */
  pid: number;
  /** SIGTERM, then SIGKILL after a grace period; resolves once MailDev has exited (at once if it has). */
  stop(): Promise<void>;
}

// Idle, it answers within a second; a machine busy with parallel test files can take many times that.
const READY_TIMEOUT_MS = 60_000;
const POLL_MS = 50;
const STOP_GRACE_MS = 5_000;
const LINES_KEPT = 30;
const PORT_ATTEMPTS = 3;
const HOST = '127.0.0.1';

/**
 * Starts MailDev (the `maildev` package: an SMTP server that keeps every message, with a web UI and a REST
 * API to read them) as a Node process of its own, on loopback only, and resolves once both its ports
 * answer. Like the other stand-ins it runs in a process group of its own (local/stand-in-process.ts): a
 * terminal's Ctrl-C reaches it only through stop(), and it stops by itself when its starter dies.
 */
export async function startMailDev(options: MailDevOptions = {}): Promise<RunningMailDev> {
  for (let attempt = 1; ; attempt++) {
    const smtpPort = options.smtpPort || (await pickFreePort());
    const uiPort = options.uiPort || (await pickFreePort());
    try {
      return await startOnPorts(smtpPort, uiPort, options.mailDirectory);
    } catch (error) {
      // A picked port can be taken by someone else before MailDev binds it: pick again, a few times.
      const picked = error instanceof PortInUseError && !isRequested(error.port, options);
      if (picked && attempt < PORT_ATTEMPTS) continue;
      throw error;
    }
  }
}

function isRequested(port: number, options: MailDevOptions): boolean {
  return port === options.smtpPort || port === options.uiPort;
}

async function startOnPorts(
  smtpPort: number,
  uiPort: number,
  mailDirectory?: string,
): Promise<RunningMailDev> {
  const output: string[] = [];
  // MailDev may keep running with one of its two servers failed to listen: a taken port ends the wait at
  // once instead of after READY_TIMEOUT_MS.
  let portTaken: (outcome: 'port-taken') => void = () => {};
  const addressInUse = new Promise<'port-taken'>((resolve) => {
    portTaken = resolve;
  });
  const maildev = spawnStandIn(
    process.execPath,
    [
      maildevBin(),
      '--smtp',
      String(smtpPort),
      '--web',
      String(uiPort),
      // Loopback only: it accepts mail from anyone and shows it to anyone who can reach it.
      '--ip',
      HOST,
      '--web-ip',
      HOST,
      ...(mailDirectory === undefined ? [] : ['--mail-directory', mailDirectory]),
    ],
    {
      stopSignal: 'SIGTERM',
      killAfterMs: STOP_GRACE_MS,
      onLine: (line) => {
        output.push(line);
        if (output.length > LINES_KEPT) output.shift();
        if (line.includes('EADDRINUSE')) portTaken('port-taken');
      },
    },
  );
  const uiUrl = `http://${HOST}:${uiPort}`;
  const outcome = await Promise.race([waitUntilReady(smtpPort, uiUrl), maildev.exited, addressInUse]);
  if (outcome === 'ready' && !maildev.hasExited) {
    return {
      smtpUrl: `smtp://${HOST}:${smtpPort}`,
      uiUrl,
      smtpPort,
      uiPort,
      pid: maildev.pid,
      stop: maildev.stop,
    };
  }
  await maildev.stop();
  const said = output.join('\n');
  const taken = /EADDRINUSE[^\n]*?:(\d+)/.exec(said)?.[1];
  if (taken !== undefined) throw new PortInUseError(Number(taken));
  const why =
    typeof outcome === 'object'
      ? `exited with code ${outcome.code ?? outcome.signal}`
      : outcome === 'port-taken'
        ? 'could not listen'
        : `did not answer within ${READY_TIMEOUT_MS / 1000} s`;
  throw new Error(`MailDev (SMTP ${smtpPort}, web ${uiPort}) ${why}: ${said.trim() || '(no output)'}`);
}

function maildevBin(): string {
  const packageDir = dirname(createRequire(import.meta.url).resolve('maildev/package.json'));
  return join(packageDir, 'bin', 'maildev');
}

/** Both servers answer: SMTP accepts a connection, and the REST API lists the messages. */
async function waitUntilReady(smtpPort: number, uiUrl: string): Promise<'ready' | 'timeout'> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!((await accepts(smtpPort)) && (await answers(`${uiUrl}/email`)))) {
    if (Date.now() > deadline) return 'timeout';
    await sleep(POLL_MS);
  }
  return 'ready';
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    socket.setTimeout(1_000, () => socket.destroy());
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = request(url, { agent: false, timeout: 1_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    probe.on('timeout', () => probe.destroy());
    probe.on('error', () => resolve(false));
    probe.end();
  });
}
