import { createInProcessEventBus } from '../adapters/events/in-process-bus.js';
import { createOrderEventRelay, type OrderEventRelayControl } from '../app/events/order-event-relay.js';
import type { Logger } from '../app/ports/logger.js';
import type { InProcessEventBus, OrderEventOutbox, OrderEventPublisher } from '../app/ports/order-events.js';
import type { OrderStore } from '../app/ports/order-store.js';
import type { EventRelayConfig } from '../config/config.js';
import type { Metrics } from '../observability/metrics.js';
import { createLazyPostgres } from './lazy-postgres.js';
import { outboxAgeProbe } from './outbox-age.js';

/** How often a server sweeps the outbox for events a kick left behind (a crash, a bus that was down). */
export const EVENT_SWEEP_INTERVAL_MS = 5_000;

export interface OrderEvents {
  relay: OrderEventRelayControl;
  /** Without EVENT_BUS_NAME: the bus in-process consumers subscribe to. */
  bus?: InProcessEventBus;
}

export interface OrderEventsOptions {
  outbox: OrderEventOutbox;
  /** EVENT_BUS_NAME; absent: the in-process bus. */
  busName?: string;
  region: string;
  logger: Logger;
}

/** The relay from the outbox to EventBridge (EVENT_BUS_NAME) or to the in-process bus. */
export function createOrderEvents(options: OrderEventsOptions): OrderEvents {
  const { busName, logger } = options;
  const bus = busName === undefined ? createInProcessEventBus({ logger }) : undefined;
  const publisher = bus ?? lazyEventBridge(busName as string, options.region, logger);
  return {
    relay: createOrderEventRelay({ outbox: options.outbox, publisher, logger }),
    ...(bus === undefined ? {} : { bus }),
  };
}

/**
 * The EventBridge client loads with the first publish, not at start-up: a Lambda cold start (most
 * requests never change an order) does not parse it.
 */
function lazyEventBridge(busName: string, region: string, logger: Logger): OrderEventPublisher {
  let loaded: Promise<OrderEventPublisher> | undefined;
  return {
    async publish(events) {
      loaded ??= import('../adapters/events/eventbridge-publisher.js').then(
        ({ createEventBridgePublisher }) => createEventBridgePublisher({ busName, region, logger }),
      );
      return (await loaded).publish(events);
    },
  };
}

/**
 * The order store that kicks the relay once a change has committed: a placement that placed, a status
 * change that happened. On Lambda the pass finishes before the answer: a frozen environment would keep
 * the rows locked (and the events waiting) until its next invocation.
 */
export function kickingOrderStore(
  store: OrderStore,
  relay: OrderEventRelayControl,
  runtime: 'lambda' | 'server',
): OrderStore {
  const changed = async (orderId: string) => {
    relay.kick(orderId);
    if (runtime === 'lambda') await relay.idle();
  };
  return {
    ...store,
    async place(placement, claim) {
      const result = await store.place(placement, claim);
      if (result.kind === 'placed') await changed(result.order.id);
      return result;
    },
    async transition(id, from, to, at) {
      const order = await store.transition(id, from, to, at);
      if (order !== undefined) await changed(id);
      return order;
    },
  };
}

/**
 * The relay Lambda's services: the outbox behind a lazily opened pool of one connection (kept between
 * invocations, as the API Lambda keeps its own) and the EventBridge publisher. Each sweep reports the age
 * of the oldest event it found unpublished (OutboxOldestEventAge, 0 when none): the outbox's lag.
 */
export function createEventRelayRuntime(
  config: EventRelayConfig,
  options: { logger: Logger; metrics: Metrics },
): OrderEventRelayControl {
  const database = createLazyPostgres({
    database: config.database,
    region: config.region,
    runtime: 'lambda',
    logger: options.logger,
  });
  const publisher = outboxAgeProbe(
    lazyEventBridge(config.busName, config.region, options.logger),
    options.metrics,
  );
  const relay = createOrderEventRelay({ outbox: database.events, publisher, logger: options.logger });
  return {
    ...relay,
    async sweep() {
      const published = await relay.sweep();
      publisher.reportOldestAge();
      return published;
    },
  };
}
