import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from '../app/ports/logger.js';

/**
 * A logger whose lines carry the fields of the request they are written for, with many requests in flight
 * at once (the container): an AsyncLocalStorage holds each request's fields across its awaits. Lambda has no
 * need of it (one request per environment at a time, tagged by `addLambdaContext`) and does not load it.
 */
export function createRequestScope(base: Logger): {
  logger: Logger;
  run<T>(fields: Record<string, unknown>, handle: () => T): T;
} {
  const scope = new AsyncLocalStorage<Record<string, unknown>>();
  const at =
    (level: keyof Logger) =>
    (message: string, fields?: Record<string, unknown>): void => {
      const current = scope.getStore();
      base[level](message, current === undefined ? fields : { ...current, ...fields });
    };
  return {
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    run: (fields, handle) => scope.run(fields, handle),
  };
}

/**
 * The trace of `X-Amzn-Trace-Id: Self=…;Root=1-67891233-abcdef012345678912345678;…`, which the ALB adds to every
 * request (logged as `xray_trace_id`, the name Powertools and the Lambda logger use); undefined for anything else.
 */
export function traceRootOf(header: string | null | undefined): string | undefined {
  return /(?:^|;)\s*Root=(1-[0-9a-f]{8}-[0-9a-f]{24})\s*(?:;|$)/.exec(header ?? '')?.[1];
}
