import type { Logger } from '../../app/ports/logger.js';
import type { InProcessEventBus, OrderEventHandler } from '../../app/ports/order-events.js';

/**
 * The bus of `npm start` (and of a server without EVENT_BUS_NAME): every published event goes to every
 * subscriber, one event after the other, each subscriber awaited in the order they subscribed. A subscriber
 * that throws is logged and the event still reaches the others: one broken consumer delays no one and
 * costs the others nothing. Everything handed in counts as published once the subscribers have had it.
 */
export function createInProcessEventBus(options: { logger: Logger }): InProcessEventBus {
  const handlers: { handle: OrderEventHandler }[] = [];
  return {
    subscribe(handle) {
      const entry = { handle };
      handlers.push(entry);
      return () => {
        const index = handlers.indexOf(entry);
        if (index >= 0) handlers.splice(index, 1);
      };
    },
    async publish(events) {
      for (const event of events) {
        for (const { handle } of [...handlers]) {
          try {
            await handle(event);
          } catch (error) {
            options.logger.error('order event subscriber failed', {
              eventId: event.id,
              type: event.type,
              orderId: event.orderId,
              sequence: event.sequence,
              error,
            });
          }
        }
      }
      return events.map((event) => event.id);
    },
  };
}
