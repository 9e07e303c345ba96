import { requestIdOf } from '../http/middleware/request-context.js';
import type { RuntimeLogger } from '../observability/logger.js';
import { createRequestScope, traceRootOf } from '../observability/request-scope.js';

/**
 * The container's request scope: every line logged while a request runs carries its `requestId` (the id the
 * app answers in `x-request-id`) and the ALB's trace as `xray_trace_id`. The id is chosen here, by the app's
 * own rule, and handed to the app as API Gateway's would be, so both agree.
 */
export function scopedRequests(base: RuntimeLogger) {
  const scope = createRequestScope(base);
  return {
    logger: scope.logger,
    fetch(app: { fetch(request: Request, env?: unknown): Response | Promise<Response> }) {
      return (request: Request, env?: object) => {
        const requestId = requestIdOf(request.headers.get('x-request-id') ?? undefined, undefined);
        const trace = traceRootOf(request.headers.get('x-amzn-trace-id'));
        return scope.run(trace === undefined ? { requestId } : { requestId, xray_trace_id: trace }, () =>
          app.fetch(request, { ...env, requestContext: { requestId } }),
        );
      };
    },
  };
}
