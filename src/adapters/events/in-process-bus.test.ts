import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../../../test/support/recording-logger.js';
import type { OrderEvent } from '../../domain/ordering/order-event.js';
import { createInProcessEventBus } from './in-process-bus.js';

const event = (orderId: string, sequence: number): OrderEvent => ({
  id: `${orderId}-${sequence}`,
  type: sequence === 1 ? 'order.placed' : 'order.paid',
  occurredAt: '2026-03-01T12:00:00.000Z',
  orderId,
  sequence,
  order: { id: orderId } as OrderEvent['order'],
});

function loggedBus() {
  const { logger, logs } = recordingLogger();
  return { bus: createInProcessEventBus({ logger }), logs };
}

describe('in-process event bus', () => {
  it('hands each event to every subscriber, in publish order, one event after the other', async () => {
    const { bus } = loggedBus();
    const seen: string[] = [];
    bus.subscribe(async (e) => {
      // Slow first subscriber: the second must still get a-1 before anyone gets a-2.
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(`first ${e.id}`);
    });
    bus.subscribe(async (e) => {
      seen.push(`second ${e.id}`);
    });
    const published = await bus.publish([event('a', 1), event('a', 2)]);
    expect(published).toEqual(['a-1', 'a-2']);
    expect(seen).toEqual(['first a-1', 'second a-1', 'first a-2', 'second a-2']);
  });

  it('a throwing subscriber is logged with the event, and the others still get that event and the next', async () => {
    const { bus, logs } = loggedBus();
    const seen: string[] = [];
    const failure = new Error('smtp down');
    bus.subscribe(async (e) => {
      if (e.sequence === 1) throw failure;
      seen.push(`flaky ${e.id}`);
    });
    bus.subscribe(async (e) => {
      seen.push(`steady ${e.id}`);
    });
    expect(await bus.publish([event('a', 1), event('a', 2)])).toEqual(['a-1', 'a-2']);
    expect(seen).toEqual(['steady a-1', 'flaky a-2', 'steady a-2']);
    expect(logs).toEqual([
      {
        level: 'error',
        message: 'order event subscriber failed',
        fields: { eventId: 'a-1', type: 'order.placed', orderId: 'a', sequence: 1, error: failure },
      },
    ]);
  });

  it('an unsubscribed handler gets nothing more', async () => {
    const { bus } = loggedBus();
    const seen: string[] = [];
    const unsubscribe = bus.subscribe(async (e) => {
      seen.push(e.id);
    });
    await bus.publish([event('a', 1)]);
    unsubscribe();
    await bus.publish([event('a', 2)]);
    expect(seen).toEqual(['a-1']);
  });
});
