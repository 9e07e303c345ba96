import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

/** The options of dynalite 4 that we use (it ships no type declarations). */
interface DynaliteOptions {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}

// dynalite is CommonJS without types: load it through require and give it the one signature we rely on.
const dynalite = createRequire(import.meta.url)('dynalite') as (options: DynaliteOptions) => Server;

export interface DynaliteOptionsInput {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Directory of the LevelDB store; absent = in memory, gone when closed. */
  path?: string;
  /** Loopback by default: the stand-in checks no signatures, so it must not be reachable from the network. */
  host?: string;
}

export interface RunningDynalite {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts dynalite (DynamoDB's API in pure Node) in this process. Table state changes are instant, so a
 * table created at start-up is ACTIVE before the first request (dynalite's default keeps it CREATING 500 ms).
 */
export async function startDynalite(options: DynaliteOptionsInput = {}): Promise<RunningDynalite> {
  const host = options.host ?? '127.0.0.1';
  const server = dynalite({
    ...(options.path === undefined ? {} : { path: options.path }),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    endpoint: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from SDK clients would otherwise hold close() open until they time out.
        server.closeIdleConnections();
      }),
  };
}
