import type { ConnectionOptions } from 'node:tls';
import pg from 'pg';
import type { Logger } from '../../app/ports/logger.js';
import { traceQueries } from '../../observability/xray-postgres.js';

/** Where the server is and who we are: one URL (local, any server) or the parts (as the CDK app sets them). */
export type PostgresEndpoint =
  | { connectionString: string }
  | { host: string; port?: number; database: string; user: string; password?: string };

/** Arguments of an IAM token generator (e.g. `Signer` from @aws-sdk/rds-signer, injected by composition/). */
export interface AuthTokenRequest {
  host: string;
  port: number;
  user: string;
}

export interface PostgresTimeouts {
  /** Opening a connection, and waiting for a free one when the pool is exhausted. */
  connectMs: number;
  /** Server side: one statement may run this long (statement_timeout). */
  statementMs: number;
  /** Server side: waiting for a row lock (lock_timeout), e.g. behind a hot product's stock row. */
  lockMs: number;
  /** Server side: a session left idle inside a transaction is killed (idle_in_transaction_session_timeout). */
  idleInTransactionMs: number;
  /** Client side: no answer at all this long (a frozen server or a dead network path that TCP still trusts). */
  readMs: number;
  /** A pooled connection unused this long is closed; 0 keeps it (a Lambda environment's single connection). */
  idleClientMs: number;
}

const DEFAULT_TIMEOUTS: PostgresTimeouts = {
  connectMs: 2_500,
  statementMs: 5_000,
  lockMs: 2_000,
  idleInTransactionMs: 10_000,
  readMs: 6_000,
  idleClientMs: 30_000,
};

export type PostgresPoolOptions = PostgresEndpoint & {
  /**
   * Connections per process. A container serves many requests at once (10 is a fair default); a Lambda
   * environment serves one request at a time, so 1, with RDS Proxy multiplexing environments onto the
   * database's own connections.
   */
  max: number;
  /**
   * IAM database authentication: called for every new connection, its token is the password (valid 15
   * minutes, used only to log in). Requires TLS, so `ssl` defaults to on when this is set.
   */
  authToken?: (request: AuthTokenRequest) => Promise<string>;
  /** true verifies the server against Node's CAs (RDS Proxy presents a public ACM certificate). */
  ssl?: boolean | ConnectionOptions;
  timeouts?: Partial<PostgresTimeouts>;
  /**
   * Send the server-side timeouts as startup parameters (default). Behind RDS Proxy, session settings
   * may pin connections: set false there and put the same values in the proxy's initialisation query.
   */
  sessionTimeouts?: boolean;
  applicationName?: string;
  /** Told when an idle pooled connection dies (server restart, failover); the pool simply replaces it. */
  logger?: Logger;
};

/**
 * The one pg.Pool the PostgreSQL adapters use. Every wait is bounded: a dead or frozen database turns into
 * an error within `connectMs` (new connection, or no free one) or `readMs` (an open connection), never a hang.
 */
export function createPostgresPool(options: PostgresPoolOptions): pg.Pool {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const pool = new pg.Pool({
    ...endpointConfig(options),
    max: options.max,
    ssl: options.ssl ?? (options.authToken === undefined ? undefined : true),
    connectionTimeoutMillis: timeouts.connectMs,
    idleTimeoutMillis: timeouts.idleClientMs,
    query_timeout: timeouts.readMs,
    ...(options.sessionTimeouts === false
      ? {}
      : {
          statement_timeout: timeouts.statementMs,
          lock_timeout: timeouts.lockMs,
          idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
        }),
    // Detects a peer that vanished without a FIN (failover, NAT timeout) on idle pooled connections.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: options.applicationName ?? 'slimshop',
  });
  // Without a listener, an idle connection dying (e.g. the server restarting) would crash the process.
  pool.on('error', (error) => {
    options.logger?.warn('An idle PostgreSQL connection failed; the pool will open a new one', {
      error: error.message,
      code: (error as { code?: unknown }).code,
    });
  });
  // The pool listens only to idle connections. One checked out by a transaction has no listener while the
  // server ends it between two statements (restart, failover): the 'error' would crash the process. The
  // next query on that connection fails and is reported by its caller, so this listener only has to exist.
  // Each connection's statements are X-Ray subsegments when the Lambda invocation is sampled (ADR 0008).
  pool.on('connect', (client) => {
    client.on('error', ignore);
    traceQueries(client);
  });
  return pool;
}

function endpointConfig(options: PostgresPoolOptions): pg.PoolConfig {
  const { authToken } = options;
  if ('connectionString' in options && authToken === undefined) {
    return { connectionString: options.connectionString };
  }
  // pg lets a URL's (empty) password override a password function, so with a token the URL is taken apart;
  // TLS then comes from `ssl`, not from the URL's sslmode.
  const endpoint = 'connectionString' in options ? partsOf(options.connectionString) : options;
  const port = endpoint.port ?? 5432;
  return {
    host: endpoint.host,
    port,
    database: endpoint.database,
    user: endpoint.user,
    password:
      authToken === undefined
        ? endpoint.password
        : () => tokenFrom(authToken, { host: endpoint.host, port, user: endpoint.user }),
  };
}

// pg handles a thrown error cleanly but leaves a half-open handshake behind for a non-string password.
async function tokenFrom(
  authToken: (request: AuthTokenRequest) => Promise<string>,
  request: AuthTokenRequest,
): Promise<string> {
  const token: unknown = await authToken(request);
  if (typeof token !== 'string' || token === '')
    throw new Error('The auth token generator returned no token.');
  return token;
}

function partsOf(connectionString: string) {
  const url = new URL(connectionString);
  return {
    host: url.hostname,
    port: url.port === '' ? undefined : Number(url.port),
    database: decodeURIComponent(url.pathname.slice(1)),
    user: decodeURIComponent(url.username),
    password: undefined,
  };
}

function ignore(): void {}
