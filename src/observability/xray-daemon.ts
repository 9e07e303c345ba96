import { createSocket, type Socket } from 'node:dgram';
import { type FinishedCall, subsegmentDocument } from './xray-documents.js';

// The daemon protocol: every datagram is this header line, then one segment document.
const HEADER = '{"format": "json", "version": 1}\n';

/**
 * Where the X-Ray daemon listens: `AWS_XRAY_DAEMON_ADDRESS` as Lambda sets it (`169.254.79.129:2000`), or
 * the two-address form `tcp:127.0.0.1:2000 udp:127.0.0.1:2001` (UDP is what we send over); else 127.0.0.1:2000.
 */
export function daemonAddress(value = process.env.AWS_XRAY_DAEMON_ADDRESS): { host: string; port: number } {
  const udp = value?.split(/\s+/).find((part) => part.startsWith('udp:')) ?? value;
  const match = /^(?:udp:)?([^\s:]+):(\d+)$/.exec(udp?.trim() ?? '');
  return match ? { host: match[1] as string, port: Number(match[2]) } : { host: '127.0.0.1', port: 2000 };
}

let socket: Socket | undefined;

/**
 * Sends a finished call's subsegment to the daemon in one UDP datagram. Fire and forget: a daemon that is
 * absent or a send that fails costs the request nothing (errors are dropped), and the socket never keeps
 * the process alive.
 */
export function sendSubsegment(finished: FinishedCall): void {
  if (socket === undefined) {
    socket = createSocket('udp4');
    socket.on('error', () => {});
    socket.unref();
  }
  const { host, port } = daemonAddress();
  socket.send(`${HEADER}${JSON.stringify(subsegmentDocument(finished))}`, port, host, () => {});
}
