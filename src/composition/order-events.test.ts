import { describe, expect, it } from 'vitest';
import { draft, keyFor } from '../../test/contract/order-store-fixtures.js';
import { useTestDatabase } from '../../test/support/postgres.js';
import { createPostgresInventoryStore } from '../adapters/postgres/inventory-store.js';
import { createPostgresOrderEventOutbox } from '../adapters/postgres/order-event-outbox.js';
import { createPostgresOrderStore } from '../adapters/postgres/order-store.js';
import { silentLogger } from '../app/ports/logger.js';
import type { OrderEvent } from '../domain/ordering/order-event.js';
import { newId } from '../domain/shared/ids.js';
import { createOrderEvents, kickingOrderStore } from './order-events.js';

/** The order store as composition wires it: each committed change kicks the relay to the in-process bus. */
describe('order changes kick the relay', () => {
  const database = useTestDatabase();

  async function wired(runtime: 'lambda' | 'server') {
    const { relay, bus } = createOrderEvents({
      outbox: createPostgresOrderEventOutbox(database().pool),
      region: 'eu-west-1',
      logger: silentLogger,
    });
    const received: OrderEvent[] = [];
    bus?.subscribe(async (event) => {
      received.push(event);
    });
    const store = kickingOrderStore(createPostgresOrderStore(database().pool), relay, runtime);
    const productId = newId();
    await createPostgresInventoryStore(database().pool).set(productId, 5);
    const order = draft('alice', [{ productId, quantity: 1 }]);
    const place = () =>
      store.place({ requester: 'alice', settings: { taxCountry: 'DE' }, build: () => order }, keyFor(order));
    return { relay, bus, received, store, order, place };
  }

  it('on Lambda, a placement and a status change resolve only once their events are on the bus', async () => {
    const { received, store, order, place } = await wired('lambda');
    expect((await place()).kind).toBe('placed');
    expect(received.map((event) => event.type)).toEqual(['order.placed']);
    await store.transition(order.id, ['placed'], 'cancelled', new Date());
    expect(received.map((event) => [event.orderId, event.type, event.sequence])).toEqual([
      [order.id, 'order.placed', 1],
      [order.id, 'order.cancelled', 2],
    ]);
  });

  it('in a server, the kick publishes in the background: on the bus once the relay is idle', async () => {
    const { relay, received, place } = await wired('server');
    expect((await place()).kind).toBe('placed');
    await relay.idle();
    expect(received.map((event) => event.type)).toEqual(['order.placed']);
    await relay.stop();
  });

  it('without EVENT_BUS_NAME there is an in-process bus; with it there is none (EventBridge)', () => {
    const outbox = createPostgresOrderEventOutbox(database().pool);
    const base = { outbox, region: 'eu-west-1', logger: silentLogger };
    expect(createOrderEvents(base).bus).toBeDefined();
    expect(createOrderEvents({ ...base, busName: 'slimshop-orders' }).bus).toBeUndefined();
  });
});
