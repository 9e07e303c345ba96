import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../../../test/support/recording-logger.js';
import type { OrderEvent, OrderEventType } from '../../domain/ordering/order-event.js';
import { createEventBridgePublisher, ORDER_EVENT_SOURCE } from './eventbridge-publisher.js';

interface SentEntry {
  EventBusName: string;
  Source: string;
  DetailType: string;
  Detail: string;
  Time: number;
}
interface SentCall {
  target: string;
  hostname: string;
  authorization: string;
  entries: SentEntry[];
}
type Answer = (entries: SentEntry[], call: number) => { statusCode?: number; body: unknown };

/**
 * A request handler in place of the SDK's HTTP one: every PutEvents call is serialised and signed by the
 * SDK, kept here, and answered as EventBridge would (HTTP 200 with per-entry results).
 */
function eventBridge(answer: Answer = (entries) => ({ body: allPublished(entries) })) {
  const calls: SentCall[] = [];
  const requestHandler = {
    async handle(request: { hostname: string; headers: Record<string, string>; body?: unknown }) {
      const body =
        typeof request.body === 'string'
          ? request.body
          : new TextDecoder().decode(request.body as Uint8Array);
      const entries = (JSON.parse(body) as { Entries: SentEntry[] }).Entries;
      calls.push({
        target: request.headers['x-amz-target'] ?? '',
        hostname: request.hostname,
        authorization: request.headers.authorization ?? '',
        entries,
      });
      const { statusCode = 200, body: reply } = answer(entries, calls.length);
      return {
        response: {
          statusCode,
          headers: { 'content-type': 'application/x-amz-json-1.1' },
          body: Readable.from([JSON.stringify(reply)]),
        },
      };
    },
  };
  const { logger, logs } = recordingLogger();
  const publisher = createEventBridgePublisher({
    busName: 'slimshop-orders',
    region: 'eu-west-1',
    logger,
    retryDelayMs: 1,
    clientConfig: {
      requestHandler,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
    },
  });
  return { calls, logs, publisher };
}

const allPublished = (entries: SentEntry[]) => ({
  FailedEntryCount: 0,
  Entries: entries.map((_, index) => ({ EventId: `eb-${index}` })),
});

/** EventBridge's answer with the entries for which `fails` is true refused. */
const refusing = (entries: SentEntry[], fails: (entry: OrderEvent) => boolean) => {
  const results = entries.map((entry) =>
    fails(JSON.parse(entry.Detail) as OrderEvent)
      ? { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }
      : { EventId: 'eb' },
  );
  return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
};

const TYPES: OrderEventType[] = ['order.placed', 'order.paid', 'order.shipped', 'order.delivered'];

function eventsOf(orderId: string, count: number): OrderEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${orderId}-e${index + 1}`,
    type: TYPES[index] ?? 'order.delivered',
    occurredAt: new Date(Date.UTC(2026, 2, 1, 12, 0, index)).toISOString(),
    orderId,
    sequence: index + 1,
    order: { id: orderId, status: 'placed' } as OrderEvent['order'],
  }));
}

const ids = (call: SentCall | undefined) =>
  call?.entries.map((entry) => (JSON.parse(entry.Detail) as OrderEvent).id);

describe('EventBridge publisher (at the SDK seam)', () => {
  it('sends each event as a PutEvents entry: the bus, source slimshop.orders, detail-type the type, detail the event', async () => {
    const { calls, publisher } = eventBridge();
    const [event] = eventsOf('o1', 1) as [OrderEvent];
    expect(await publisher.publish([event])).toEqual([event.id]);
    const [call] = calls as [SentCall];
    expect(call.target).toBe('AWSEvents.PutEvents');
    expect(call.hostname).toBe('events.eu-west-1.amazonaws.com');
    expect(call.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/events\//,
    );
    expect(call.entries).toEqual([
      {
        EventBusName: 'slimshop-orders',
        Source: ORDER_EVENT_SOURCE,
        DetailType: 'order.placed',
        Detail: JSON.stringify(event),
        Time: Date.parse(event.occurredAt) / 1000,
      },
    ]);
    expect(ORDER_EVENT_SOURCE).toBe('slimshop.orders');
  });

  it('puts at most 10 entries in a call, and one event per order in each call, in sequence order', async () => {
    const { calls, publisher } = eventBridge();
    // 12 orders with one event and one order with three: 12 + 1 heads, then the second and third event alone.
    const events = [
      ...Array.from({ length: 12 }, (_, i) => eventsOf(`single${i}`, 1)).flat(),
      ...eventsOf('triple', 3),
    ];
    const published = await publisher.publish(events);
    expect(new Set(published)).toEqual(new Set(events.map((event) => event.id)));
    expect(calls.map((call) => call.entries.length)).toEqual([10, 3, 1, 1]);
    expect(calls.flatMap(ids).filter((id) => id?.startsWith('triple'))).toEqual([
      'triple-e1',
      'triple-e2',
      'triple-e3',
    ]);
    for (const call of calls) {
      const orders = call.entries.map((entry) => (JSON.parse(entry.Detail) as OrderEvent).orderId);
      expect(new Set(orders).size).toBe(orders.length);
    }
  });

  it('retries only the entries of a partly failed call (FailedEntryCount) and sends no later event of their order first', async () => {
    // The first call refuses a1 (a's first event); b1 is published.
    const { calls, publisher } = eventBridge((entries, call) => ({
      body: call === 1 ? refusing(entries, (event) => event.id === 'a-e1') : allPublished(entries),
    }));
    const published = await publisher.publish([...eventsOf('a', 2), ...eventsOf('b', 2)]);
    expect(calls.map(ids)).toEqual([
      ['a-e1', 'b-e1'],
      ['a-e1', 'b-e2'], // a1 again; a2 waits for it
      ['a-e2'],
    ]);
    expect(published).toEqual(['b-e1', 'a-e1', 'b-e2', 'a-e2']);
  });

  it('gives up on an order whose event keeps failing, publishing none of its later events, and goes on with the others', async () => {
    const { calls, logs, publisher } = eventBridge((entries) => ({
      body: refusing(entries, (event) => event.orderId === 'stuck'),
    }));
    const published = await publisher.publish([...eventsOf('stuck', 2), ...eventsOf('fine', 2)]);
    expect(published).toEqual(['fine-e1', 'fine-e2']);
    const sentStuck = calls.flatMap(ids).filter((id) => id?.startsWith('stuck'));
    expect(sentStuck).toEqual(['stuck-e1', 'stuck-e1', 'stuck-e1']); // 3 attempts, e2 never sent
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'EventBridge refused an order event: its order waits for the next sweep',
        fields: expect.objectContaining({ eventId: 'stuck-e1', error: 'InternalFailure: try again' }),
      }),
    );
  });

  it('keeps a call under 256 KB of entries: large events go in calls of their own', async () => {
    const { calls, publisher } = eventBridge();
    const big = (orderId: string): OrderEvent => {
      const [event] = eventsOf(orderId, 1) as [OrderEvent];
      return { ...event, order: { ...event.order, email: 'x'.repeat(100 * 1024) } };
    };
    await publisher.publish([big('a'), big('b'), big('c')]);
    expect(calls.map((call) => call.entries.length)).toEqual([2, 1]);
    for (const call of calls) {
      const bytes = call.entries.reduce(
        (sum, entry) =>
          sum +
          14 +
          Buffer.byteLength(entry.Source) +
          Buffer.byteLength(entry.DetailType) +
          Buffer.byteLength(entry.Detail),
        0,
      );
      expect(bytes).toBeLessThan(256 * 1024);
    }
  });

  it('returns what was published before a call failed outright (throttled), and nothing of that call', async () => {
    const { calls, logs, publisher } = eventBridge((entries, call) =>
      call === 1
        ? { body: allPublished(entries) }
        : { statusCode: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } },
    );
    const published = await publisher.publish(eventsOf('a', 3));
    expect(calls.map(ids)).toEqual([['a-e1'], ['a-e2']]);
    expect(published).toEqual(['a-e1']);
    const warning = logs.find((line) => line.message.startsWith('PutEvents failed'));
    expect((warning?.fields?.error as Error | undefined)?.name).toBe('ThrottlingException');
  });
});
