import type { AwsCall } from './xray-calls.js';
import { sampledTrace, startCall } from './xray-trace.js';

// The part of an AWS SDK v3 client this needs, spelt out: src/observability imports no SDK (not even its types).
type Handler = (args: {
  input: object;
}) => Promise<{ output: { $metadata?: Metadata; presigned?: unknown } }>;
type Metadata = { requestId?: string; httpStatusCode?: number; attempts?: number };
interface SdkClient {
  config: { region: unknown };
  middlewareStack: {
    add(
      middleware: (next: Handler, context: { commandName?: string }) => Handler,
      options: { step: 'initialize'; name: string; override: boolean },
    ): void;
  };
}

/**
 * Every call of an AWS SDK v3 client becomes an X-Ray subsegment named `service` (when the Lambda
 * invocation is sampled; otherwise the middleware only reads one environment variable). It sits in the
 * initialize step, around the SDK's retries: one subsegment per call, its attempts in aws.retries. A URL
 * presigned with the client (getSignedUrl) sends nothing.
 *
 * @example
 *   const client = traceAwsCalls(new S3Client({ region }), 'S3');
 */
export function traceAwsCalls<C extends SdkClient>(client: C, service: string): C {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (sampledTrace() === undefined) return next(args);
      const call: AwsCall = {
        namespace: 'aws',
        service,
        operation: (context.commandName ?? 'Unknown').replace(/Command$/, ''),
        region: await regionOf(client),
        input: args.input,
      };
      const end = startCall(call);
      try {
        const result = await next(args);
        // getSignedUrl runs the same stack and stops before sending: a presigned URL is no call to S3.
        if (!('presigned' in result.output)) {
          call.metadata = result.output.$metadata;
          end?.();
        }
        return result;
      } catch (error) {
        call.metadata = (error as { $metadata?: Metadata }).$metadata;
        end?.(error);
        throw error;
      }
    },
    // override: a client passed twice is traced once.
    { step: 'initialize', name: 'slimshopXRaySubsegment', override: true },
  );
  return client;
}

// The SDK resolves `region` into a provider function.
async function regionOf(client: SdkClient): Promise<string | undefined> {
  try {
    const region = client.config.region;
    const value = typeof region === 'function' ? await region() : region;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
