import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresInventoryStore } from '../../src/adapters/postgres/inventory-store.js';
import type { OrderEvent } from '../../src/domain/ordering/order-event.js';
import { newId } from '../../src/domain/shared/ids.js';
import { draft, draftOrderStore, keyFor } from '../contract/order-store-fixtures.js';
import { useTestDatabase } from '../support/postgres.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

// Imports the entrypoint in a fresh process, as Lambda's INIT does, and prints what one invocation returns.
const INVOKE = `
const { handler } = await import('./src/entrypoints/lambda-relay.ts');
console.log(JSON.stringify(await handler({ source: 'aws.scheduler' }, { awsRequestId: 'r1', functionName: 'relay' })));
process.exit(0);`;

interface Entry {
  EventBusName: string;
  Source: string;
  DetailType: string;
  Detail: string;
}

/** The relay Lambda's handler against a local stand-in for EventBridge's PutEvents (AWS_ENDPOINT_URL_EVENTBRIDGE). */
describe('relay Lambda (src/entrypoints/lambda-relay.ts)', () => {
  const database = useTestDatabase();
  const received: Entry[] = [];
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        const entries = (JSON.parse(body) as { Entries: Entry[] }).Entries;
        received.push(...entries);
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(
          JSON.stringify({ FailedEntryCount: 0, Entries: entries.map((_, i) => ({ EventId: `e${i}` })) }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const invoke = async (env: Record<string, string>) =>
    run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', INVOKE], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        LOG_LEVEL: 'error',
        ...env,
      },
    });

  /** The handler's result (the last line) and the metric lines written before it. */
  const outputOf = (stdout: string) => {
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { result: lines.at(-1), metrics: lines.filter((line) => '_aws' in line) };
  };

  it('one invocation publishes what the outbox holds to EVENT_BUS_NAME, each order in order; the next finds nothing', async () => {
    const orders = draftOrderStore(database().pool);
    const productId = newId();
    await createPostgresInventoryStore(database().pool).set(productId, 10);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const order = draft(`c${i}`, [{ productId, quantity: 1 }]);
      await orders.place(order, keyFor(order));
      await orders.transition(order.id, ['placed'], 'paid', new Date());
      ids.push(order.id);
    }
    const env = { DATABASE_URL: database().connectionString, EVENT_BUS_NAME: 'slimshop-orders' };

    const first = outputOf((await invoke(env)).stdout);
    expect(first.result).toEqual({ published: 6 });
    // The sweep reports the outbox's lag as a metric line (CloudWatch EMF) before the result.
    expect(first.metrics.map((line) => Object.keys(line).at(-1))).toEqual([
      'ColdStarts',
      'OutboxOldestEventAge',
    ]);
    expect(received).toHaveLength(6);
    for (const entry of received) {
      expect(entry).toMatchObject({ EventBusName: 'slimshop-orders', Source: 'slimshop.orders' });
      expect(entry.DetailType).toBe((JSON.parse(entry.Detail) as OrderEvent).type);
    }
    for (const id of ids) {
      const mine = received
        .map((entry) => JSON.parse(entry.Detail) as OrderEvent)
        .filter((e) => e.orderId === id);
      expect(mine.map((event) => [event.sequence, event.type])).toEqual([
        [1, 'order.placed'],
        [2, 'order.paid'],
      ]);
    }

    const second = outputOf((await invoke(env)).stdout);
    expect(second.result).toEqual({ published: 0 });
    expect(second.metrics.find((line) => 'OutboxOldestEventAge' in line)?.OutboxOldestEventAge).toBe(0);
    expect(received).toHaveLength(6);
  }, 60_000);

  it('refuses to start without EVENT_BUS_NAME: it would mark events published that no bus received', async () => {
    const failed = await invoke({ DATABASE_URL: database().connectionString }).catch(
      (error: { stderr: string }) => error,
    );
    expect((failed as { stderr: string }).stderr).toContain(
      'Invalid configuration: EVENT_BUS_NAME is required',
    );
  }, 60_000);
});
