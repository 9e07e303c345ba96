/**
 * X-Ray subsegments for the outgoing calls of a Lambda invocation, without the X-Ray SDK (docs/adr/0008-xray-subsegments.md
 * says why). This is the part the hook points load at start: it reads `_X_AMZN_TRACE_ID`, times the call and
 * nothing else. Building and sending the document (xray-daemon.ts) loads on the first sampled call only, so an
 * unsampled invocation, a container or a local run pays one environment read per call.
 */
import type { SampledTrace, TracedCall } from './xray-calls.js';

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
