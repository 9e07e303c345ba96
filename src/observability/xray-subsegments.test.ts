import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useDynamoTables } from '../../test/support/dynamodb.js';
import { useTestDatabase } from '../../test/support/postgres.js';
import { createS3Client } from '../adapters/s3/client.js';
import { createS3ObjectStore } from '../adapters/s3/object-store.js';
import { startLocalS3 } from '../local/s3.js';

// What Lambda sets for a sampled invocation: the trace, and the function's (facade) segment as the parent.
const TRACE_ID = '1-67891233-abcdef012345678912345678';
const PARENT_ID = '53995c3f42cd8ad8';
const SAMPLED = `Root=${TRACE_ID};Parent=${PARENT_ID};Sampled=1;Lineage=a87bd80c:0`;

/** A stand-in X-Ray daemon: the datagrams it receives, header line checked, documents parsed. */
class FakeDaemon {
  readonly documents: Record<string, unknown>[] = [];
  private waiting: (() => void)[] = [];
  private constructor(readonly socket: Socket) {
    socket.on('message', (message) => {
      const text = message.toString('utf8');
      const newline = text.indexOf('\n');
      expect(text.slice(0, newline)).toBe('{"format": "json", "version": 1}');
      this.documents.push(JSON.parse(text.slice(newline + 1)));
      for (const wake of this.waiting.splice(0)) wake();
    });
  }
  static async start(): Promise<FakeDaemon> {
    const socket = createSocket('udp4');
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
    return new FakeDaemon(socket);
  }
  get address(): string {
    return `127.0.0.1:${this.socket.address().port}`;
  }
  /** The next `count` documents received from now on. */
  async next(count: number): Promise<Record<string, unknown>[]> {
    const from = this.documents.length;
    while (this.documents.length < from + count) await new Promise<void>((wake) => this.waiting.push(wake));
    return this.documents.slice(from, from + count);
  }
}

let daemon: FakeDaemon;
beforeAll(async () => {
  daemon = await FakeDaemon.start();
  process.env.AWS_XRAY_DAEMON_ADDRESS = daemon.address;
});
afterAll(() => {
  delete process.env.AWS_XRAY_DAEMON_ADDRESS;
  daemon.socket.close();
});
afterEach(() => {
  delete process.env._X_AMZN_TRACE_ID;
});

/** Runs `work` with the invocation's trace header set as Lambda sets it (undefined: no header). */
async function during<T>(header: string | undefined, work: () => Promise<T>): Promise<T> {
  if (header === undefined) delete process.env._X_AMZN_TRACE_ID;
  else process.env._X_AMZN_TRACE_ID = header;
  try {
    return await work();
  } finally {
    delete process.env._X_AMZN_TRACE_ID;
  }
}

describe('X-Ray subsegments of DynamoDB calls', () => {
  const dynamo = useDynamoTables('xray');

  it('a sampled invocation sends one subsegment per operation, under the function segment, with its table and timings', async () => {
    const table = await dynamo.freshTable();
    const received = daemon.next(1);
    const before = Date.now() / 1000;
    await during(SAMPLED, () =>
      dynamo.client().send('GetItem', { TableName: table, Key: { pk: 'p', sk: 's' } }),
    );
    const after = Date.now() / 1000;
    const [document] = await received;

    expect(document).toMatchObject({
      name: 'DynamoDB',
      namespace: 'aws',
      type: 'subsegment',
      trace_id: TRACE_ID,
      parent_id: PARENT_ID,
      aws: { operation: 'GetItem', table_name: table, region: 'us-east-1' },
      http: { response: { status: 200 } },
    });
    expect(document?.id).toMatch(/^[0-9a-f]{16}$/);
    expect(document).not.toHaveProperty('fault');
    expect(document).not.toHaveProperty('error');
    const { start_time: start, end_time: end } = document as { start_time: number; end_time: number };
    expect(start).toBeGreaterThanOrEqual(before - 0.001);
    expect(end).toBeGreaterThanOrEqual(start);
    expect(end).toBeLessThanOrEqual(after + 0.001);
  });

  it('an unsampled invocation, or no trace header at all, sends nothing', async () => {
    const table = await dynamo.freshTable();
    const get = (key: string) =>
      dynamo.client().send('GetItem', { TableName: table, Key: { pk: key, sk: 's' } });
    const received = daemon.next(1);
    await during(`Root=${TRACE_ID};Parent=${PARENT_ID};Sampled=0`, () => get('unsampled'));
    await during(undefined, () => get('untraced'));
    // The marker call comes last: had either call above sent a datagram, it would have arrived first.
    await during(SAMPLED, () => dynamo.client().send('DescribeTable', { TableName: table }));

    expect((await received).map((document) => (document.aws as { operation: string }).operation)).toEqual([
      'DescribeTable',
    ]);
  });

  it('a refused condition is marked as an error of the caller (400), not a fault, and still reaches the caller', async () => {
    const table = await dynamo.freshTable();
    const item = { pk: 'p', sk: 's' };
    await dynamo.client().send('PutItem', { TableName: table, Item: item });
    const received = daemon.next(1);
    const put = during(SAMPLED, () =>
      dynamo
        .client()
        .send('PutItem', { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );

    await expect(put).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect((await received)[0]).toMatchObject({
      aws: { operation: 'PutItem', table_name: table },
      http: { response: { status: 400 } },
      error: true,
      cause: { exceptions: [{ type: 'ConditionalCheckFailedException' }] },
    });
  });
});

describe('X-Ray subsegments of S3 calls', () => {
  let dir: string;
  let s3: Awaited<ReturnType<typeof startLocalS3>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slimshop-xray-s3-'));
    s3 = await startLocalS3({ dir, buckets: ['xray-bucket'] });
  });
  afterAll(async () => {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('each SDK call is one subsegment with its bucket, attempts and status (a missing key is a 404 error); a presigned URL is none', async () => {
    const client = createS3Client({ region: 'us-east-1', endpoint: s3.endpoint });
    const store = createS3ObjectStore({ client, bucket: 'xray-bucket', publicBaseUrl: s3.endpoint });
    const received = daemon.next(2);
    await during(SAMPLED, async () => {
      // Signed locally, never sent: had it made a subsegment, a PutObject would come first.
      await store.presignPut('upload', { contentType: 'image/png', contentLength: 1, expiresInSeconds: 60 });
      expect(await store.get('missing')).toBeUndefined();
      await store.put('a', new Uint8Array([1]), 'image/png');
    });
    const [get, put] = await received;

    expect(get).toMatchObject({
      name: 'S3',
      namespace: 'aws',
      parent_id: PARENT_ID,
      aws: { operation: 'GetObject', bucket_name: 'xray-bucket' },
      http: { response: { status: 404 } },
      error: true,
    });
    expect(put).toMatchObject({
      aws: { operation: 'PutObject', bucket_name: 'xray-bucket', retries: 0 },
      http: { response: { status: 200 } },
    });
  });
});

describe('X-Ray subsegments of PostgreSQL statements', () => {
  const database = useTestDatabase({ migrate: false, max: 2 });

  it('pool queries and a transaction on a checked-out client are remote subsegments naming the database, never the password', async () => {
    const { pool, connectionString } = database();
    const url = new URL(connectionString);
    const received = daemon.next(4);
    await during(SAMPLED, async () => {
      await pool.query('SELECT 1 AS one');
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT $1::int AS two', [2]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    });
    const documents = await received;

    for (const document of documents) {
      expect(document).toMatchObject({
        name: `${url.pathname.slice(1)}@${url.hostname}`,
        namespace: 'remote',
        type: 'subsegment',
        trace_id: TRACE_ID,
        parent_id: PARENT_ID,
        sql: {
          url: `postgresql://${url.hostname}:${url.port}${url.pathname}`,
          database_type: 'PostgreSQL',
          user: decodeURIComponent(url.username),
        },
      });
    }
    expect(url.password).not.toBe('');
    expect(JSON.stringify(documents)).not.toContain(url.password);
  });

  it('a statement the server refuses is an error (its SQLSTATE named); the caller still gets the failure', async () => {
    const { pool } = database();
    const received = daemon.next(1);
    const query = during(SAMPLED, () => pool.query('SELECT 1/0'));

    await expect(query).rejects.toMatchObject({ code: '22012' });
    expect((await received)[0]).toMatchObject({
      namespace: 'remote',
      error: true,
      cause: { exceptions: [{ message: 'SQLSTATE 22012' }] },
    });
    expect((await received)[0]).not.toHaveProperty('fault');
  });
});
