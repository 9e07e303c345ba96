import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { Logger } from '../app/ports/logger.js';
import type { ApiConfig } from '../config/config.js';

/** The Lambda context without the legacy callback methods (done/fail/succeed) nobody should call. */
export type LambdaContextLike = Omit<Context, 'done' | 'fail' | 'succeed'>;

/** The Logger port plus what a Lambda shell needs to tag each line with the invocation. */
export interface RuntimeLogger extends Logger {
  /** Adds the Lambda request id, function name and cold-start flag to every following line. */
  addLambdaContext(context: LambdaContextLike): void;
}

/**
 * JSON lines through Powertools Logger: the same shape on Lambda (where CloudWatch parses it and the
 * invocation context is attached) and in a container. It bundles to ~25 KB and costs a few ms at cold
 * start, cheaper than writing and maintaining our own Error/BigInt/circular-safe serialiser.
 */
export function createLogger(
  options: { level: ApiConfig['logLevel']; service?: string } = { level: 'info' },
): RuntimeLogger {
  const powertools = new PowertoolsLogger({
    serviceName: options.service ?? 'slimshop',
    logLevel: options.level.toUpperCase() as Uppercase<ApiConfig['logLevel']>,
  });
  // Powertools takes extra fields as trailing arguments; an absent `fields` must not add an empty key.
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: Record<string, unknown>) =>
      fields === undefined ? powertools[level](message) : powertools[level](message, fields);
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    addLambdaContext: (context) => powertools.addContext(context as Context),
  };
}
