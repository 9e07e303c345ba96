import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createInProcessEventBus } from '../../src/adapters/events/in-process-bus.js';
import { createPostgresInventoryStore } from '../../src/adapters/postgres/inventory-store.js';
import { createPostgresOrderEventOutbox } from '../../src/adapters/postgres/order-event-outbox.js';
import { createOrderEventRelay } from '../../src/app/events/order-event-relay.js';
import { silentLogger } from '../../src/app/ports/logger.js';
import type { OrderEventPublisher } from '../../src/app/ports/order-events.js';
import type { OrderEvent } from '../../src/domain/ordering/order-event.js';
import { newId } from '../../src/domain/shared/ids.js';
import { useTestDatabase } from '../support/postgres.js';
import { draft, draftOrderStore, keyFor } from './order-store-fixtures.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The relay from the outbox to the bus, on PostgreSQL: order per order, at least once, once per sweep. */
describe('order event relay (PostgreSQL)', () => {
  const database = useTestDatabase();

  /** `count` placed orders of one product (plenty of stock), each with its order.placed event. */
  async function placedOrders(count: number) {
    const orders = draftOrderStore(database().pool);
    const productId = newId();
    await createPostgresInventoryStore(database().pool).set(productId, 10_000);
    const placed = [];
    for (let i = 0; i < count; i++) {
      const order = draft(`c${i}`, [{ productId, quantity: 1 }]);
      expect((await orders.place(order, keyFor(order))).kind).toBe('placed');
      placed.push(order);
    }
    return { orders, ids: placed.map((order) => order.id) };
  }

  /** A bus whose subscriber keeps what it gets, in the order it got it. */
  function recordingBus() {
    const received: OrderEvent[] = [];
    const bus = createInProcessEventBus({ logger: silentLogger });
    bus.subscribe(async (event) => {
      received.push(event);
    });
    return { bus, received };
  }

  const relayOn = (publisher: OrderEventPublisher, ordersPerPass?: number) =>
    createOrderEventRelay({
      outbox: createPostgresOrderEventOutbox(database().pool),
      publisher,
      logger: silentLogger,
      ordersPerPass,
    });

  /** Each order's sequence numbers in the order they were received. */
  function sequencesByOrder(events: readonly OrderEvent[]) {
    const byOrder = new Map<string, number[]>();
    for (const event of events)
      byOrder.set(event.orderId, [...(byOrder.get(event.orderId) ?? []), event.sequence]);
    return byOrder;
  }

  const unpublished = async (orderIds: string[]) =>
    Number(
      (
        await database().pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM order_events WHERE order_id = ANY($1::text[]) AND published_at IS NULL',
          [orderIds],
        )
      ).rows[0]?.n,
    );

  it('publishes every event of every order once, each order in sequence order, and marks them published', async () => {
    const { orders, ids } = await placedOrders(6);
    for (const id of ids) {
      await orders.transition(id, ['placed'], 'paid', new Date());
      await orders.transition(id, ['paid'], 'shipped', new Date());
    }
    const { bus, received } = recordingBus();
    // Two orders per pass: the sweep takes several passes, and still each order in order.
    const relay = relayOn(bus, 2);
    expect(await relay.sweep()).toBe(18);
    const byOrder = sequencesByOrder(received);
    expect([...byOrder.keys()].sort()).toEqual([...ids].sort());
    for (const sequences of byOrder.values()) expect(sequences).toEqual([1, 2, 3]);
    expect(
      received.filter((event) => event.orderId === ids[0]).map((event) => [event.type, event.order.status]),
    ).toEqual([
      ['order.placed', 'placed'],
      ['order.paid', 'paid'],
      ['order.shipped', 'shipped'],
    ]);
    expect(await unpublished(ids)).toBe(0);
    // Published means done: the next sweep has nothing to send.
    expect(await relay.sweep()).toBe(0);
    expect(received).toHaveLength(18);
  });

  it('publishes right after a kick: the change is on the bus once idle() resolves', async () => {
    const { bus, received } = recordingBus();
    const relay = relayOn(bus);
    const { orders, ids } = await placedOrders(1);
    const [id] = ids as [string];
    relay.kick();
    await relay.idle();
    await orders.transition(id, ['placed'], 'cancelled', new Date());
    relay.kick();
    await relay.idle();
    expect(received.map((event) => [event.orderId, event.type])).toEqual([
      [id, 'order.placed'],
      [id, 'order.cancelled'],
    ]);
  });

  it("a kick naming an order publishes that order's events, in sequence, and leaves the others to the sweep", async () => {
    const { orders, ids } = await placedOrders(3);
    const [a, b, c] = ids as [string, string, string];
    await orders.transition(a, ['placed'], 'paid', new Date());
    const { bus, received } = recordingBus();
    const relay = relayOn(bus);
    relay.kick(a);
    await relay.idle();
    expect(received.map((event) => [event.orderId, event.sequence])).toEqual([
      [a, 1],
      [a, 2],
    ]);
    expect(await unpublished([a])).toBe(0);
    expect(await unpublished([b, c])).toBe(2);
    expect(await relay.sweep()).toBe(2);
    expect(await unpublished(ids)).toBe(0);
  });

  it("a pass's commit does not wait for the WAL flush, and the connection is durable again for the orders after it", async () => {
    const { ids } = await placedOrders(1);
    // A connection of its own, durable as in production (the test server itself runs without WAL flushes).
    const client = new pg.Client({ connectionString: database().connectionString });
    await client.connect();
    const setting = async () =>
      (await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]
        ?.synchronous_commit;
    try {
      await client.query('SET synchronous_commit = on');
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: string; order_id: string }>(
        'SELECT id, order_id FROM relay_take($1, 50)',
        [ids],
      );
      expect(rows.map((row) => row.order_id)).toEqual(ids);
      expect(await setting()).toBe('off');
      await client.query('UPDATE order_events SET published_at = now() WHERE id = ANY($1::text[])', [
        rows.map((row) => row.id),
      ]);
      await client.query('COMMIT');
      // Local to the pass's transaction: a placement on this connection next commits durably.
      expect(await setting()).toBe('on');
      expect(await unpublished(ids)).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('a publisher that fails leaves the events unpublished; the sweeper then publishes them exactly once, in order', async () => {
    const { orders, ids } = await placedOrders(3);
    for (const id of ids) await orders.transition(id, ['placed'], 'paid', new Date());
    const broken = new Error('the process died while publishing');
    let offered = 0;
    const dying = relayOn({
      async publish(events) {
        offered += events.length;
        throw broken;
      },
    });
    await expect(dying.sweep()).rejects.toBe(broken);
    expect(offered).toBe(6);
    expect(await unpublished(ids)).toBe(6);

    const { bus, received } = recordingBus();
    const sweeper = relayOn(bus);
    expect(await sweeper.sweep()).toBe(6);
    expect(await sweeper.sweep()).toBe(0);
    for (const sequences of sequencesByOrder(received).values()) expect(sequences).toEqual([1, 2]);
    expect(received).toHaveLength(6);
  });

  it('a relay process SIGKILLed while publishing (after the commit) loses nothing: the sweeper publishes each event once, in order', async () => {
    const { orders, ids } = await placedOrders(4);
    for (const id of ids) await orders.transition(id, ['placed'], 'paid', new Date());
    const url = new URL(database().connectionString);
    url.searchParams.set('application_name', 'stalled-relay');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/events/stalled-relay.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url.toString() },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('close', (_code, signal) => resolve(signal)),
    );
    const publishing = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      child.stderr?.on('data', (chunk) => {
        stderr += chunk;
        const line = /publishing (\S+)\n/.exec(stderr);
        if (line?.[1]) resolve(line[1]);
      });
      exited.then(() => reject(new Error(`the relay child exited early: ${stderr}`)));
    });
    expect(publishing.split(',')).toHaveLength(8);

    // While it holds the rows, another relay skips them: nothing to publish.
    const { bus, received } = recordingBus();
    const sweeper = relayOn(bus);
    expect(await sweeper.sweep()).toBe(0);

    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // The server rolls the dead session back (releasing its locks) once it sees the socket closed.
    for (;;) {
      const { rows } = await database().pool.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'stalled-relay'",
      );
      if (rows[0]?.n === '0') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await sweeper.sweep()).toBe(8);
    expect(await sweeper.sweep()).toBe(0);
    expect(received.map((event) => event.id).sort()).toEqual(publishing.split(',').sort());
    for (const sequences of sequencesByOrder(received).values()) expect(sequences).toEqual([1, 2]);
    expect(await unpublished(ids)).toBe(0);
  }, 60_000);

  it('marks only what follows published events of its order, whatever a publisher reports', async () => {
    const { orders, ids } = await placedOrders(1);
    const [id] = ids as [string];
    await orders.transition(id, ['placed'], 'paid', new Date());
    // A publisher that claims the second event but not the first: the second must not count as published.
    const skewed = relayOn({
      publish: async (events) => events.filter((event) => event.sequence === 2).map((event) => event.id),
    });
    expect(await skewed.sweep()).toBe(0);
    expect(await unpublished(ids)).toBe(2);
    const { bus, received } = recordingBus();
    expect(await relayOn(bus).sweep()).toBe(2);
    expect(received.map((event) => event.sequence)).toEqual([1, 2]);
  });

  it('a second relay does not start on an order whose earlier event another relay is still publishing', async () => {
    const { orders, ids } = await placedOrders(1);
    const [id] = ids as [string];
    const log: string[] = [];
    let publishing: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      publishing = resolve;
    });
    let finish: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const slow = relayOn({
      async publish(events) {
        publishing();
        await gate;
        log.push(...events.map((event) => `slow ${event.sequence}`));
        return events.map((event) => event.id);
      },
    });
    const fast = relayOn({
      async publish(events) {
        log.push(...events.map((event) => `fast ${event.sequence}`));
        return events.map((event) => event.id);
      },
    });
    // The slow relay holds order.placed; meanwhile the order is paid: order.paid commits behind it.
    const slowPass = slow.sweep();
    await started;
    await orders.transition(id, ['placed'], 'paid', new Date());
    expect(await fast.sweep()).toBe(0);
    finish();
    expect(await slowPass).toBe(1);
    expect(await fast.sweep()).toBe(1);
    expect(log).toEqual(['slow 1', 'fast 2']);
  });

  it('four relays sweeping at once, while orders change, publish each event once and each order in sequence order', async () => {
    const { orders, ids } = await placedOrders(40);
    const log: OrderEvent[] = [];
    const relays = 4;
    // Every relay's first publish waits until all four are publishing: each holds its rows meanwhile, so
    // all four ran at once on disjoint orders (a relay blocked on another's rows would never arrive).
    let arrived = 0;
    let release: () => void = () => {};
    const allPublishing = new Promise<void>((resolve) => {
      release = resolve;
    });
    const published = Array.from({ length: relays }, () => 0);
    const sweepers = Array.from({ length: relays }, (_, index) => {
      let first = true;
      return relayOn(
        {
          async publish(events) {
            if (first) {
              first = false;
              if (++arrived === relays) release();
              await allPublishing;
            }
            log.push(...events);
            published[index] = (published[index] ?? 0) + events.length;
            return events.map((event) => event.id);
          },
        },
        5,
      );
    });
    let changing = true;
    const changes = (async () => {
      await allPublishing;
      await Promise.all(
        ids.map(async (id) => {
          await orders.transition(id, ['placed'], 'paid', new Date());
          await orders.transition(id, ['paid'], 'shipped', new Date());
        }),
      );
      changing = false;
    })();
    await Promise.all(
      sweepers.map(async (relay) => {
        while ((await relay.sweep()) > 0 || changing) await new Promise((resolve) => setImmediate(resolve));
      }),
    );
    await changes;
    // Whatever was committed after a relay's last pass: one more sweep.
    await sweepers[0]?.sweep();

    expect(log).toHaveLength(120);
    expect(new Set(log.map((event) => event.id)).size).toBe(120);
    for (const sequences of sequencesByOrder(log).values()) expect(sequences).toEqual([1, 2, 3]);
    expect(published.every((count) => count > 0)).toBe(true);
    expect(await unpublished(ids)).toBe(0);
  }, 60_000);

  it('kicks naming orders, on four relays at once while the orders change, publish each event once and each order in sequence order', async () => {
    const { orders, ids } = await placedOrders(40);
    const log: OrderEvent[] = [];
    const publisher: OrderEventPublisher = {
      async publish(events) {
        // A turn of the event loop inside the pass: other relays' passes run meanwhile.
        await new Promise((resolve) => setImmediate(resolve));
        log.push(...events);
        return events.map((event) => event.id);
      },
    };
    const relays = Array.from({ length: 4 }, () => relayOn(publisher, 5));
    const relayFor = (index: number) => relays[index % relays.length] as (typeof relays)[number];
    // Each change kicks another relay than the one before it, as changes handled by different servers do.
    for (const [index, id] of ids.entries()) relayFor(index).kick(id);
    await Promise.all(
      ids.map(async (id, index) => {
        await orders.transition(id, ['placed'], 'paid', new Date());
        relayFor(index + 1).kick(id);
        await orders.transition(id, ['paid'], 'shipped', new Date());
        relayFor(index + 2).kick(id);
      }),
    );
    await Promise.all(relays.map((relay) => relay.idle()));
    // A kick that found its order held by another relay leaves what that relay had not taken to the sweep.
    await relayFor(0).sweep();

    expect(log).toHaveLength(120);
    expect(new Set(log.map((event) => event.id)).size).toBe(120);
    for (const sequences of sequencesByOrder(log).values()) expect(sequences).toEqual([1, 2, 3]);
    expect(await unpublished(ids)).toBe(0);
  }, 60_000);
});
