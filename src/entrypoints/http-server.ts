import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Logger } from '../app/ports/logger.js';

export interface HttpServerOptions {
  /** The Hono app's fetch. */
  fetch: (request: Request) => Response | Promise<Response>;
  /** 0 picks a free port (tests). */
  port: number;
  /**
   * The address to listen on: `0.0.0.0` for every interface (a container behind a load balancer),
   * `127.0.0.1` for this machine only. Absent: Node's default, every interface.
   */
  host?: string;
  /** How long close() waits for in-flight requests before cutting the remaining connections. */
  shutdownGraceMs: number;
  logger: Logger;
}

export interface RunningHttpServer {
  readonly port: number;
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish (bounded by the grace period), then resolves. */
  close(): Promise<void>;
}

// An ALB keeps idle connections for 60 s: the server must keep them longer, or the ALB may send a
// request on a socket the server is closing and answer the client with a 502.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** The Node HTTP server shared by the container entrypoint and `npm start`. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const server = createAdaptorServer({ fetch: withBodilessGets(options.fetch) }) as Server;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;

  const inFlight = new Set<ServerResponse>();
  let draining = false;
  // Prepended so it runs before the adapter can write headers for a synchronous response.
  server.prependListener('request', (_request, response: ServerResponse) => {
    if (draining) response.setHeader('Connection', 'close');
    inFlight.add(response);
    response.on('close', () => {
      inFlight.delete(response);
      // A keep-alive socket whose last response just went out would otherwise hold close() open.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      draining = true;
      options.logger.info('draining', { inFlight: inFlight.size, graceMs: options.shutdownGraceMs });
      // Tell clients of requests still running not to reuse their connection.
      for (const response of inFlight) if (!response.headersSent) response.setHeader('Connection', 'close');
      const deadline = setTimeout(() => {
        options.logger.warn('grace period over: closing connections', { inFlight: inFlight.size });
        server.closeAllConnections();
      }, options.shutdownGraceMs);
      deadline.unref();
      server.close((error) => {
        clearTimeout(deadline);
        if (error) reject(error);
        else resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  };

  return { port, url: `http://${urlHost(options.host)}:${port}`, close };
}

/**
 * @hono/node-server's Request builds a whole fetch Request (undici's, with an AbortController) the first time
 * anything reads its `body`, even for a GET or HEAD, to which it never gives one; Hono's bodyLimit reads it
 * on every request. For those two methods `body` is null at once here, what that Request would answer.
 * With request-context.ts setting x-request-id in place, this takes a third off a product read's CPU in the
 * container (docs/benchmarks.md). Arguments after the request (the adapter's `{ incoming, outgoing }`) pass
 * through.
 */
function withBodilessGets(fetch: HttpServerOptions['fetch']): HttpServerOptions['fetch'] {
  return (request, ...rest) => {
    if (request.method === 'GET' || request.method === 'HEAD')
      Object.defineProperty(request, 'body', { value: null });
    return fetch(request, ...rest);
  };
}

/** Loopback and every-interface addresses are reached as localhost; any other host as it is. */
function urlHost(host: string | undefined): string {
  if (host === undefined || ['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost'].includes(host))
    return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

export interface ExitOnSignalsOptions {
  /** A repeat of the first signal within this many milliseconds is taken as a relayed copy (see below). */
  relayedCopyWindowMs?: number;
}

// npm relays the SIGINT and SIGTERM it gets to its child, and a terminal's Ctrl-C (like `kill -<signal>
// -<group>`) reaches npm and this process both: one Ctrl-C can arrive here twice, milliseconds apart. A
// person pressing Ctrl-C again because the drain takes too long does it later than this.
const RELAYED_COPY_WINDOW_MS = 1_000;

/**
 * On SIGTERM (ECS, Kubernetes, a process manager), SIGINT (Ctrl-C) or SIGHUP (the terminal closed) run
 * `stop` and exit 0 once it is done, so the orchestrator sees a clean stop. Another signal while stopping
 * exits at once (exit 1), except a copy of the first one relayed by a parent such as npm.
 */
export function exitOnSignals(
  stop: () => Promise<void>,
  logger: Logger,
  options: ExitOnSignalsOptions = {},
): void {
  const relayWindowMs = options.relayedCopyWindowMs ?? RELAYED_COPY_WINDOW_MS;
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (first !== undefined) {
      if (signal === first.signal && Date.now() - first.at < relayWindowMs) {
        logger.debug('the same signal again: a relayed copy, still stopping', { signal });
        return;
      }
      logger.warn('second signal: exiting without waiting', { signal });
      process.exit(1);
    }
    first = { signal, at: Date.now() };
    logger.info('shutting down', { signal });
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, onSignal);
}
