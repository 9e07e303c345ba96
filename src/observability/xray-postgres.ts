import type { SqlCall } from './xray-calls.js';
import { startCall } from './xray-trace.js';

// The part of a pg Client this needs, spelt out: src/observability imports no driver (not even its types).
type Callback = (error: Error | null, result?: unknown) => void;
interface PgClient {
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  // biome-ignore lint/suspicious/noExplicitAny: pg's query is overloaded many times over; it is passed through as is.
  query: (...args: any[]) => any;
}

/**
 * Every statement a pg client runs becomes an X-Ray subsegment (namespace `remote`, sql.url without
 * credentials) when the Lambda invocation is sampled; otherwise its query only reads one environment
 * variable. Called for each connection a pool opens, it covers `pool.query` (which borrows a connection)
 * and transactions on a checked-out client alike.
 *
 * @example
 *   pool.on('connect', (client) => traceQueries(client));
 */
export function traceQueries(client: PgClient): void {
  const original = client.query;
  const call: SqlCall = {
    namespace: 'remote',
    name: `${client.database ?? 'postgres'}@${client.host ?? 'localhost'}`,
    url: `postgresql://${client.host ?? 'localhost'}:${client.port ?? 5432}/${client.database ?? ''}`,
    ...(client.user ? { user: client.user } : {}),
  };
  client.query = function query(config: unknown, values?: unknown, callback?: unknown) {
    // A cursor (Submittable) or a config object carrying its own callback returns no promise: not traced.
    const shape = config as { submit?: unknown; callback?: unknown } | null;
    const untraceable = typeof shape?.submit === 'function' || typeof shape?.callback === 'function';
    const end = untraceable ? undefined : startCall(call);
    if (end === undefined) return original.call(client, config, values, callback);
    // pg's three shapes: a callback in second place (no values), in third place, or none (a promise).
    if (typeof values === 'function') return original.call(client, config, ended(end, values as Callback));
    if (typeof callback === 'function')
      return original.call(client, config, values, ended(end, callback as Callback));
    const result: Promise<unknown> = original.call(client, config, values);
    return result.then(
      (rows) => {
        end();
        return rows;
      },
      (error: unknown) => {
        end(error);
        throw error;
      },
    );
  };
}

function ended(end: (error?: unknown) => void, callback: Callback): Callback {
  return (error, result) => {
    end(error ?? undefined);
    callback(error, result);
  };
}
