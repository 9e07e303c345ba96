import { describe, expect, it } from 'vitest';
import type { AwsCall, SqlCall } from './xray-calls.js';
import { daemonAddress } from './xray-daemon.js';
import { subsegmentDocument } from './xray-documents.js';
import { sampledTrace } from './xray-trace.js';

const trace = { traceId: '1-67891233-abcdef012345678912345678', parentId: '53995c3f42cd8ad8' };
const timed = { trace, startTime: 1_700_000_000.1234, endTime: 1_700_000_000.2345 };
const dynamo = (operation: string, input: object): AwsCall => ({
  namespace: 'aws',
  service: 'DynamoDB',
  operation,
  input,
});
const sql: SqlCall = { namespace: 'remote', name: 'shop@db', url: 'postgresql://db:5432/shop' };

/** An error as pg's DatabaseError carries it: the server's SQLSTATE and severity. */
const pgError = (code: string) => Object.assign(new Error('refused'), { code, severity: 'ERROR' });

describe('the trace Lambda hands an invocation', () => {
  it('is read in any field order, and only when sampled', () => {
    expect(sampledTrace(`Sampled=1;Parent=${trace.parentId};Root=${trace.traceId}`)).toEqual(trace);
    expect(sampledTrace(`Root=${trace.traceId};Parent=${trace.parentId};Sampled=0`)).toBeUndefined();
    expect(sampledTrace(`Root=${trace.traceId};Parent=${trace.parentId}`)).toBeUndefined();
    expect(sampledTrace(`Root=${trace.traceId};Sampled=1`)).toBeUndefined();
    expect(sampledTrace(undefined)).toBeUndefined();
  });
});

describe('the daemon address', () => {
  it('is Lambda host:port, the UDP half of the two-address form, or the default', () => {
    expect(daemonAddress('169.254.79.129:2000')).toEqual({ host: '169.254.79.129', port: 2000 });
    expect(daemonAddress('tcp:127.0.0.1:2000 udp:127.0.0.2:2001')).toEqual({ host: '127.0.0.2', port: 2001 });
    expect(daemonAddress(undefined)).toEqual({ host: '127.0.0.1', port: 2000 });
  });
});

describe('a subsegment document', () => {
  it('names every table of a batch or transaction, and the SDK request id and retries', () => {
    const batch = subsegmentDocument({
      ...timed,
      call: {
        ...dynamo('TransactWriteItems', {
          TransactItems: [
            { Put: { TableName: 'a' } },
            { Update: { TableName: 'b' } },
            { Delete: { TableName: 'a' } },
          ],
        }),
        metadata: { requestId: 'R1', httpStatusCode: 200, attempts: 2 },
      },
    });
    expect(batch).toMatchObject({
      aws: { operation: 'TransactWriteItems', table_names: ['a', 'b'], request_id: 'R1', retries: 1 },
      start_time: timed.startTime,
      end_time: timed.endTime,
    });
    expect(
      subsegmentDocument({ ...timed, call: dynamo('BatchGetItem', { RequestItems: { c: {} } }) }),
    ).toMatchObject({ aws: { table_name: 'c' } });
  });

  it('tells throttling, a refused request, a failing service and no answer apart', () => {
    const failed = (error: unknown) =>
      subsegmentDocument({ ...timed, call: dynamo('GetItem', { TableName: 't' }), error });
    const named = (name: string, status?: number) =>
      Object.assign(new Error(name), { name, ...(status === undefined ? {} : { status }) });

    expect(failed(named('ProvisionedThroughputExceededException', 400))).toMatchObject({
      error: true,
      throttle: true,
    });
    expect(failed(named('ValidationException', 400))).toMatchObject({
      error: true,
      http: { response: { status: 400 } },
    });
    expect(failed(named('ValidationException', 400))).not.toHaveProperty('fault');
    expect(failed(named('InternalServerError', 500))).toMatchObject({ fault: true });
    expect(failed(named('DynamoDBNetworkError'))).toMatchObject({ fault: true });
    expect(failed(named('DynamoDBNetworkError'))).not.toHaveProperty('http');
  });

  it('marks a statement PostgreSQL refused as an error, a failing server or connection as a fault', () => {
    const failed = (error: unknown) => subsegmentDocument({ ...timed, call: sql, error });

    expect(failed(pgError('23505'))).toMatchObject({
      error: true,
      cause: { exceptions: [{ message: 'SQLSTATE 23505' }] },
    });
    expect(failed(pgError('57014'))).toMatchObject({ fault: true });
    expect(failed(pgError('08006'))).toMatchObject({ fault: true });
    // Node's network errors carry a code too, but no severity: no SQLSTATE.
    expect(failed(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toMatchObject({ fault: true });
    expect(failed(new Error('Query read timeout'))).toMatchObject({ fault: true });
  });

  it('carries the exception name, never its message (it may quote the values a statement was given)', () => {
    const document = subsegmentDocument({
      ...timed,
      call: sql,
      error: Object.assign(pgError('22P02'), { message: 'invalid input syntax for type uuid: "secret"' }),
    });
    expect(JSON.stringify(document)).not.toContain('secret');
  });
});
