import { randomBytes } from 'node:crypto';
import type { AwsCall, SampledTrace, TracedCall } from './xray-calls.js';

/** A finished call, timed: what one subsegment document is made of. */
export interface FinishedCall {
  trace: SampledTrace;
  call: TracedCall;
  /** Epoch seconds, with microseconds. */
  startTime: number;
  endTime: number;
  /** What the call failed with; undefined when it succeeded. */
  error?: unknown;
}

/**
 * The subsegment document of a call, sent on its own (`type: "subsegment"` with the trace and parent ids),
 * in the fields X-Ray's service map and the X-Ray SDK use: namespace `aws` with aws.operation,
 * aws.table_name(s) or aws.bucket_name, aws.request_id; namespace `remote` with sql.url (never a password)
 * and sql.database_type. The flags say whose fault a failure was: error (4xx, or a statement PostgreSQL
 * refused), throttle (429 or a throttling answer, with error), fault (5xx, no answer, a server-side failure).
 */
export function subsegmentDocument({ trace, call, startTime, endTime, error }: FinishedCall): object {
  const status =
    call.namespace === 'aws'
      ? (call.metadata?.httpStatusCode ?? statusOf(error) ?? (error === undefined ? 200 : undefined))
      : undefined;
  return {
    name: call.namespace === 'aws' ? call.service : call.name,
    id: newId(),
    trace_id: trace.traceId,
    parent_id: trace.parentId,
    type: 'subsegment',
    start_time: startTime,
    end_time: endTime,
    namespace: call.namespace,
    ...(call.namespace === 'aws'
      ? { aws: awsFields(call) }
      : { sql: { url: call.url, database_type: 'PostgreSQL', ...(call.user ? { user: call.user } : {}) } }),
    ...(status === undefined ? {} : { http: { response: { status } } }),
    ...(error === undefined ? {} : { ...flagsOf(call, error, status), cause: causeOf(call, error) }),
  };
}

function awsFields(call: AwsCall): Record<string, unknown> {
  const input = call.input as Record<string, unknown>;
  const tables = tableNames(input);
  const attempts = call.metadata?.attempts;
  return {
    operation: call.operation,
    ...(call.region === undefined ? {} : { region: call.region }),
    ...(call.metadata?.requestId === undefined ? {} : { request_id: call.metadata.requestId }),
    ...(attempts === undefined ? {} : { retries: Math.max(0, attempts - 1) }),
    // One table: table_name; a batch or transaction over several: table_names (the X-Ray SDK's names).
    ...(tables.length === 1 ? { table_name: tables[0] } : tables.length > 1 ? { table_names: tables } : {}),
    ...(typeof input.Bucket === 'string' ? { bucket_name: input.Bucket } : {}),
  };
}

/** TableName, the tables of a batch (RequestItems) or of a transaction's items, each once. */
function tableNames(input: Record<string, unknown>): string[] {
  if (typeof input.TableName === 'string') return [input.TableName];
  const names = new Set<string>();
  if (isRecord(input.RequestItems)) for (const name of Object.keys(input.RequestItems)) names.add(name);
  if (Array.isArray(input.TransactItems)) {
    for (const item of input.TransactItems as unknown[]) {
      for (const action of isRecord(item) ? Object.values(item) : []) {
        if (isRecord(action) && typeof action.TableName === 'string') names.add(action.TableName);
      }
    }
  }
  return [...names];
}

// Throttling answers that come as a 400 (DynamoDB) rather than a 429.
const THROTTLING = /Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded|SlowDown|TooManyRequests/;

// SQLSTATE classes of the server or the connection failing, not of a statement it refused: connection
// exception, insufficient resources, operator intervention (including statement_timeout's 57014),
// system error, internal error.
const POSTGRES_FAULT_CLASSES = new Set(['08', '53', '57', '58', 'XX']);

function flagsOf(call: TracedCall, error: unknown, status: number | undefined): Record<string, boolean> {
  const name = error instanceof Error ? error.name : '';
  if (call.namespace === 'remote') {
    const code = sqlState(error);
    return code === undefined || POSTGRES_FAULT_CLASSES.has(code.slice(0, 2))
      ? { fault: true }
      : { error: true };
  }
  if (status === 429 || THROTTLING.test(name)) return { error: true, throttle: true };
  if (status !== undefined && status >= 400 && status < 500) return { error: true };
  return { fault: true };
}

/**
 * The exception's name only (and PostgreSQL's SQLSTATE): messages may quote the values a statement was
 * given, and a trace is read by more people than the logs.
 */
function causeOf(call: TracedCall, error: unknown): object {
  const code = call.namespace === 'remote' ? sqlState(error) : undefined;
  return {
    exceptions: [
      {
        id: newId(),
        type: error instanceof Error ? error.name : typeof error,
        ...(code === undefined ? {} : { message: `SQLSTATE ${code}` }),
        remote: true,
      },
    ],
  };
}

/** The HTTP status of an AWS failure: our DynamoDB client's `status`, the SDK's `$metadata.httpStatusCode`. */
function statusOf(error: unknown): number | undefined {
  if (!isRecord(error)) return undefined;
  if (typeof error.status === 'number') return error.status;
  const metadata = error.$metadata;
  return isRecord(metadata) && typeof metadata.httpStatusCode === 'number'
    ? metadata.httpStatusCode
    : undefined;
}

// pg's DatabaseError (the server answered) carries its SQLSTATE in `code`, next to a `severity`; Node's
// network errors have a `code` too (EPIPE, ECONNRESET) but no severity.
function sqlState(error: unknown): string | undefined {
  if (!isRecord(error) || typeof error.severity !== 'string') return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** 64 random bits as 16 hex digits: a segment or exception id. */
const newId = () => randomBytes(8).toString('hex');
