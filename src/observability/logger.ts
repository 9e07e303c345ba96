import type { Context } from 'aws-lambda';
import type { Logger } from '../app/ports/logger.js';
import type { ApiConfig } from '../config/config.js';

/** The Lambda context without the legacy callback methods (done/fail/succeed) nobody should call. */
export type LambdaContextLike = Omit<Context, 'done' | 'fail' | 'succeed'>;

/** The Logger port plus what a Lambda shell needs to tag each line with the invocation. */
export interface RuntimeLogger extends Logger {
  /**
   * Adds the Lambda request id, function name, cold-start flag and, when tracing is on, the invocation's
   * X-Ray trace id (the `Root=` part of `_X_AMZN_TRACE_ID`, read per event) to every following line.
   *
   * @example
   * export const handler = (event, context) => {
   *   logger.addLambdaContext(context, lambdaTraceId());
   *   return handleEvent(event);
   * };
   */
  addLambdaContext(context: LambdaContextLike, xrayTraceId?: string): void;
}

type Level = ApiConfig['logLevel'];
const SEVERITY: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * One JSON object per line, in the shape Powertools Logger writes (level, message, timestamp, service,
 * and on Lambda cold_start, function_name, function_request_id, ...), so CloudWatch queries keep working.
 * Our own ~60 lines instead of Powertools: the library (~20 KB bundled, plus its config and env-var
 * machinery) was a measurable part of the Lambda cold start, and it writes each line more slowly.
 * Debug and info go to stdout, warn and error to stderr, like Powertools. Lines are written straight to
 * the streams: Lambda's patched `console` would prefix them and break the JSON.
 */
export function createLogger(
  options: {
    level: Level;
    service?: string;
    /** Every level to stderr: for CLIs whose stdout is their result (`npm run job` prints a JSON summary). */
    stderrOnly?: boolean;
  } = { level: 'info' },
): RuntimeLogger {
  const threshold = SEVERITY[options.level];
  const service = options.service ?? 'slimshop';
  let lambdaFields: Record<string, unknown> = {};
  let invocations = 0;
  const at = (level: Level) => {
    if (SEVERITY[level] < threshold) return () => {};
    const stream = options.stderrOnly || SEVERITY[level] >= SEVERITY.warn ? process.stderr : process.stdout;
    const label = level.toUpperCase();
    return (message: string, fields?: Record<string, unknown>) => {
      const line = {
        level: label,
        message,
        timestamp: new Date().toISOString(),
        service,
        ...lambdaFields,
        ...fields,
      };
      stream.write(`${toJsonLine(line)}\n`);
    };
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    addLambdaContext: (context, xrayTraceId) => {
      invocations++;
      lambdaFields = {
        cold_start: invocations === 1,
        function_arn: context.invokedFunctionArn,
        function_memory_size: Number(context.memoryLimitInMB),
        function_name: context.functionName,
        function_request_id: context.awsRequestId,
        // Powertools' name for it, so one CloudWatch query finds the lines of a trace seen in X-Ray.
        ...(xrayTraceId === undefined ? {} : { xray_trace_id: xrayTraceId }),
      };
    },
  };
}

/** JSON that never throws: Errors keep name, message, stack, their own fields and cause; BigInts become strings. */
function toJsonLine(line: Record<string, unknown>): string {
  // The objects on the path from the line down to the value being written: only a value that contains
  // itself (which would make JSON.stringify throw) prints as "[Circular]"; one object referenced from two
  // fields is written out in both. JSON.stringify calls the replacer with the holder of each value as
  // `this`, depth first, so the path is the stack popped back to that holder.
  const path: object[] = [];
  try {
    return JSON.stringify(line, function (this: object, _key, value: unknown) {
      if (typeof value === 'bigint') return value.toString();
      if (typeof value !== 'object' || value === null) return value;
      while (path.length > 0 && path[path.length - 1] !== this) path.pop();
      if (path.includes(value)) return '[Circular]';
      path.push(value);
      if (!(value instanceof Error)) return value;
      // The copy is what JSON.stringify descends into next: it sits on the path, above its Error.
      const fields = errorFields(value);
      path.push(fields);
      return fields;
    });
  } catch (error) {
    // A throwing toJSON or getter: keep the line, say why its fields are missing.
    return JSON.stringify({
      level: line.level,
      message: line.message,
      timestamp: line.timestamp,
      service: line.service,
      logError: String(error),
    });
  }
}

function errorFields(error: Error): Record<string, unknown> {
  return { ...error, name: error.name, message: error.message, stack: error.stack, cause: error.cause };
}
