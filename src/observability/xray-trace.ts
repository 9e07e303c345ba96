/**
 * X-Ray subsegments for the outgoing calls of a Lambda invocation, without the X-Ray SDK (docs/adr/0008-xray-subsegments.md
 * says why). This is the part the hook points load at start: it reads `_X_AMZN_TRACE_ID`, times the call and
 * nothing else. Building and sending the document (xray-daemon.ts) loads on the first sampled call only, so an
 * unsampled invocation, a container or a local run pays one environment read per call.
 */

/** A call to an AWS service, described for its subsegment (xray-documents.ts turns it into the document). */
export interface AwsCall {
  namespace: 'aws';
  /** The subsegment's name, as X-Ray's service map shows AWS services: `DynamoDB`, `S3`. */
  service: string;
  /** `GetItem`, `PutObject`: what X-Ray shows under aws.operation. */
  operation: string;
  region?: string;
  /** The request; only the table or bucket names are read from it. */
  input: object;
  /** What the AWS SDK knows after the call (request id, status, attempts); absent for our DynamoDB client. */
  metadata?: { requestId?: string; httpStatusCode?: number; attempts?: number };
}

/** A call to an SQL database. */
export interface SqlCall {
  namespace: 'remote';
  /** `database@host`, the name the X-Ray SDK gives an SQL subsegment. */
  name: string;
  /** Where, without credentials: `postgresql://host:port/database`. */
  url: string;
  user?: string;
}

export type TracedCall = AwsCall | SqlCall;

/** The invocation's trace, when Lambda samples it. */
export interface SampledTrace {
  traceId: string;
  /** The id of the function's segment (Lambda's facade segment): the parent of our subsegments. */
  parentId: string;
}

/**
 * `Root=1-...;Parent=53995c3f42cd8ad8;Sampled=1` as Lambda sets it for each invocation; undefined when the
 * variable is absent (no Lambda, no active tracing) or the invocation is not sampled.
 */
export function sampledTrace(header = process.env._X_AMZN_TRACE_ID): SampledTrace | undefined {
  if (header === undefined || !/(?:^|;)\s*Sampled=1\s*(?:;|$)/.test(header)) return undefined;
  const traceId = /(?:^|;)\s*Root=(1-[0-9a-f]{8}-[0-9a-f]{24})/.exec(header)?.[1];
  const parentId = /(?:^|;)\s*Parent=([0-9a-f]{16})/.exec(header)?.[1];
  return traceId === undefined || parentId === undefined ? undefined : { traceId, parentId };
}

let daemon: Promise<typeof import('./xray-daemon.js')> | undefined;

/**
 * Starts timing `call` when the invocation is sampled; the returned function ends it (with the error the
 * call failed with, if any) and sends its subsegment. Undefined when nothing is traced. For calls that do
 * not return a promise (callback APIs); otherwise use traceCall.
 */
export function startCall(call: TracedCall): ((error?: unknown) => void) | undefined {
  const trace = sampledTrace();
  if (trace === undefined) return undefined;
  // Loading starts with the call, so it is ready (or nearly) when the call ends.
  daemon ??= import('./xray-daemon.js');
  const startTime = epochSeconds();
  return (error) => {
    const endTime = epochSeconds();
    // Tracing never fails a request: a module that cannot load or a send that fails is dropped.
    daemon
      ?.then(({ sendSubsegment }) => sendSubsegment({ trace, call, startTime, endTime, error }))
      .catch(() => {});
  };
}

/**
 * Runs `run` inside a subsegment describing `call`: the hook of any promise-returning client.
 *
 * @example
 *   send: (operation, input) =>
 *     traceCall({ namespace: 'aws', service: 'DynamoDB', operation, input }, () => untraced.send(operation, input)),
 */
export async function traceCall<T>(call: TracedCall, run: () => Promise<T>): Promise<T> {
  const end = startCall(call);
  if (end === undefined) return run();
  try {
    const result = await run();
    end();
    return result;
  } catch (error) {
    end(error);
    throw error;
  }
}

// X-Ray's times are epoch seconds with microseconds; Date.now() alone would round every call to a millisecond.
const epochSeconds = () => (performance.timeOrigin + performance.now()) / 1000;
