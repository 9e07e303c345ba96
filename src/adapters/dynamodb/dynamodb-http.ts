import type http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CredentialSource } from '../shared/aws-credentials.js';
import { signRequest } from '../shared/sigv4.js';

/**
 * DynamoDB's JSON protocol spoken directly: one signed POST per operation over node:http(s) with a
 * keep-alive agent, so sockets are reused across requests and Lambda invocations. The SDK's client does the
 * same in ~250 KB of code whose loading was the largest part of the API's Lambda cold start. Not fetch: its
 * first call costs a fresh process ~20 ms more than node:http's, on every cold start (docs/benchmarks.md).
 */
export interface DynamoHttpOptions {
  region: string;
  /** Only for local stand-ins (DynamoDB Local); absent = the regional AWS endpoint. */
  endpoint?: string;
  credentials: CredentialSource;
}

export type WireRequest = Record<string, unknown>;
export type WireResponse = Record<string, unknown>;

/**
 * An error DynamoDB answered with, named as DynamoDB names it (ConditionalCheckFailedException, ...).
 * `details` is the rest of its JSON body on the wire: the item a failed condition saw (`Item`, with
 * ReturnValuesOnConditionCheckFailure) or a cancelled transaction's `CancellationReasons`.
 */
export class DynamoDBServiceError extends Error {
  constructor(
    name: string,
    message: string,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = name;
  }
}

/** The request never got an answer: refused, reset, unresolvable. `code` is Node's (ECONNREFUSED, ...). */
export class DynamoDBNetworkError extends Error {
  readonly code: string;
  constructor(cause: unknown) {
    super('DynamoDB could not be reached.', { cause });
    this.name = 'DynamoDBNetworkError';
    this.code = networkCode(cause) ?? 'ECONNRESET';
  }
}

// A request to DynamoDB answers in milliseconds; waiting longer only holds a Lambda or a socket hostage.
// Three attempts with jittered backoff stay well inside API Gateway's 29 s limit.
const REQUEST_TIMEOUT_MS = 3_000;
const MAX_ATTEMPTS = 3;
const BACKOFF_BASE_MS = 50;
// As many parallel requests as the SDK's default allows (BatchGetItem chunks, concurrent API requests).
const MAX_SOCKETS = 50;

// Answers that say "not now" rather than "never" (the SDK's standard retry set for DynamoDB).
const RETRYABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'TransactionInProgressException',
  // A single-item write to an item a transaction is changing at that moment.
  'TransactionConflictException',
]);

// Answers that say our clock is off: signatures are valid for 5 minutes around the server's time.
const CLOCK_SKEW_NAMES = new Set(['InvalidSignatureException', 'RequestTimeTooSkewed']);

export type DynamoHttp = (operation: string, request: WireRequest) => Promise<WireResponse>;

export function createDynamoHttp(options: DynamoHttpOptions): DynamoHttp {
  const url = new URL(options.endpoint ?? `https://dynamodb.${options.region}.amazonaws.com/`);
  // Only the module the endpoint needs, loading from now on: node:https brings TLS with it, which a local
  // stand-in over http never needs, and which is otherwise a good part of a Lambda cold start.
  const connection = (url.protocol === 'http:' ? import('node:http') : import('node:https')).then(
    (transport) => ({
      transport,
      // Idle keep-alive sockets are unref'd by the agent: they never hold a process open.
      agent: new transport.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
    }),
  );

  // Server time minus ours, learnt from the Date header of an answer that said our clock is off (as the
  // SDK does): a machine whose clock drifted keeps working instead of failing every request.
  let clockOffsetMs = 0;

  async function attempt(operation: string, body: string): Promise<WireResponse> {
    const headers = signRequest({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
      },
      body,
      service: 'dynamodb',
      region: options.region,
      credentials: await options.credentials(),
      now: new Date(Date.now() + clockOffsetMs),
    });
    const { transport, agent } = await connection;
    const { status, text, date } = await post(transport, url, agent, headers, body);
    if (status === 200) return text === '' ? {} : (JSON.parse(text) as WireResponse);
    const error = serviceError(status, text);
    const serverMs = date === undefined ? Number.NaN : Date.parse(date);
    if (CLOCK_SKEW_NAMES.has(error.name) && Number.isFinite(serverMs)) {
      clockOffsetMs = serverMs - Date.now();
      throw new ClockCorrected(error);
    }
    throw error;
  }

  return async (operation, request) => {
    const body = JSON.stringify(request);
    let corrected = false;
    for (let attemptNo = 1; ; attemptNo++) {
      try {
        return await attempt(operation, body);
      } catch (error) {
        // Once per call, at once: the signature is made again with the corrected clock.
        if (error instanceof ClockCorrected) {
          if (corrected) throw error.answer;
          corrected = true;
          attemptNo--;
          continue;
        }
        if (attemptNo >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
        await sleep(Math.random() * BACKOFF_BASE_MS * 2 ** attemptNo);
      }
    }
  };
}

/** Our clock was off and is corrected now: the request may be signed again. */
class ClockCorrected extends Error {
  constructor(readonly answer: DynamoDBServiceError) {
    super(answer.message);
  }
}

function post(
  transport: Pick<typeof http, 'request'>,
  url: URL,
  agent: http.Agent,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string; date: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = transport.request(url, {
      method: 'POST',
      agent,
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    request.on('error', (error) => reject(isTimeout(error) ? error : new DynamoDBNetworkError(error)));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => reject(new DynamoDBNetworkError(error)));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          date: response.headers.date,
        }),
      );
    });
    request.end(body);
  });
}

function serviceError(status: number, text: string): DynamoDBServiceError {
  let type: unknown;
  let message: unknown;
  let details: Record<string, unknown> = {};
  try {
    const { __type, message: lower, Message: upper, ...rest } = JSON.parse(text) as Record<string, unknown>;
    type = __type;
    message = lower ?? upper;
    details = rest;
  } catch {
    // Not DynamoDB talking (a proxy's HTML error page): name it by status below.
  }
  // `__type` reads "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException".
  const name =
    typeof type === 'string' && type !== ''
      ? type.slice(type.lastIndexOf('#') + 1)
      : status >= 500
        ? 'InternalServerError'
        : 'UnknownError';
  return new DynamoDBServiceError(
    name,
    typeof message === 'string' ? message : `HTTP ${status}`,
    status,
    details,
  );
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof DynamoDBServiceError) return error.status >= 500 || RETRYABLE_NAMES.has(error.name);
  return error instanceof DynamoDBNetworkError || isTimeout(error);
}

// AbortSignal.timeout aborts with a TimeoutError; node:http reports it as an AbortError caused by it.
const isTimeout = (error: unknown) =>
  error instanceof Error &&
  (error.name === 'TimeoutError' || (error.cause as Error | undefined)?.name === 'TimeoutError');

function networkCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}
