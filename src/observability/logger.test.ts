import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from './logger.js';

function captureLines(): { lines: () => Record<string, unknown>[]; restore: () => void } {
  const written: string[] = [];
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  return {
    lines: () =>
      written
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      out.mockRestore();
      err.mockRestore();
    },
  };
}

describe('createLogger', () => {
  let restore = () => {};
  afterEach(() => restore());

  it('writes one JSON object per line with level, message, service and fields', () => {
    const capture = captureLines();
    restore = capture.restore;
    createLogger({ level: 'info' }).info('product created', { productId: 'p1' });
    capture.restore();

    expect(capture.lines()).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'product created',
        service: 'slimshop',
        productId: 'p1',
      }),
    ]);
  });

  it('drops lines below the configured level', () => {
    const capture = captureLines();
    restore = capture.restore;
    const logger = createLogger({ level: 'warn' });
    logger.debug('noise');
    logger.info('noise');
    logger.warn('disk almost full');
    capture.restore();

    expect(capture.lines().map((line) => line.message)).toEqual(['disk almost full']);
  });

  it('serialises an Error field with its name, message and cause instead of {}', () => {
    const capture = captureLines();
    restore = capture.restore;
    const failure = new Error('request failed', { cause: new Error('socket hang up') });
    createLogger({ level: 'info' }).error('unhandled', { error: failure });
    capture.restore();

    const [line] = capture.lines();
    expect(line?.error).toMatchObject({ name: 'Error', message: 'request failed' });
    expect(JSON.stringify(line?.error)).toContain('socket hang up');
  });

  it('tags lines with the Lambda invocation and marks only the first one as a cold start', () => {
    const capture = captureLines();
    restore = capture.restore;
    const logger = createLogger({ level: 'info' });
    const context = {
      functionName: 'slimshop-api',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:slimshop-api',
      memoryLimitInMB: '512',
      logGroupName: '/aws/lambda/slimshop-api',
      logStreamName: 'stream',
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => 3000,
    };
    logger.addLambdaContext({ ...context, awsRequestId: 'req-1' });
    logger.info('first');
    logger.addLambdaContext({ ...context, awsRequestId: 'req-2' });
    logger.info('second');
    capture.restore();

    expect(capture.lines()).toEqual([
      expect.objectContaining({
        message: 'first',
        cold_start: true,
        function_name: 'slimshop-api',
        function_request_id: 'req-1',
      }),
      expect.objectContaining({ message: 'second', cold_start: false, function_request_id: 'req-2' }),
    ]);
  });

  it('still writes the line when a field is a BigInt or contains itself', () => {
    const capture = captureLines();
    restore = capture.restore;
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    createLogger({ level: 'info' }).warn('odd fields', { big: 10n ** 20n, loop });
    capture.restore();

    expect(capture.lines()).toEqual([
      expect.objectContaining({
        level: 'WARN',
        big: '100000000000000000000',
        loop: { name: 'loop', self: '[Circular]' },
      }),
    ]);
  });

  it('writes an object referenced twice in one line in full both times; only a real cycle is cut', () => {
    const capture = captureLines();
    restore = capture.restore;
    const price = { amount: 1450, currency: 'EUR' };
    const failure = new Error('outer');
    (failure as Error & { self?: unknown }).self = failure;
    createLogger({ level: 'info' }).info('priced', {
      unitPrice: price,
      lineTotal: price,
      lines: [price, { price }],
      failure,
    });
    capture.restore();

    const [line] = capture.lines();
    expect(line).toMatchObject({
      unitPrice: price,
      lineTotal: price,
      lines: [price, { price }],
      failure: { message: 'outer', self: '[Circular]' },
    });
  });

  it("tags Lambda lines with the invocation's X-Ray trace id, each invocation its own", () => {
    const capture = captureLines();
    restore = capture.restore;
    const logger = createLogger({ level: 'info' });
    const context = {
      functionName: 'slimshop-api',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:slimshop-api',
      memoryLimitInMB: '512',
      logGroupName: '/aws/lambda/slimshop-api',
      logStreamName: 'stream',
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => 3000,
    };
    logger.addLambdaContext({ ...context, awsRequestId: 'req-1' }, '1-6745f0a1-3c2e5b7d9f1a2b3c4d5e6f70');
    logger.info('traced');
    logger.addLambdaContext({ ...context, awsRequestId: 'req-2' });
    logger.info('untraced');
    capture.restore();

    const [traced, untraced] = capture.lines();
    expect(traced?.xray_trace_id).toBe('1-6745f0a1-3c2e5b7d9f1a2b3c4d5e6f70');
    expect(untraced).not.toHaveProperty('xray_trace_id');
  });
});
