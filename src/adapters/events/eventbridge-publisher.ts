import { setTimeout as sleep } from 'node:timers/promises';
import {
  EventBridgeClient,
  type EventBridgeClientConfig,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { Logger } from '../../app/ports/logger.js';
import type { OrderEventPublisher } from '../../app/ports/order-events.js';
import type { OrderEvent } from '../../domain/ordering/order-event.js';

/** The `source` of every order event on the bus: rules match on it. */
export const ORDER_EVENT_SOURCE = 'slimshop.orders';

// PutEvents quotas: at most 10 entries per call, and their sizes (as EventBridge counts them) below 256 KB.
const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;
const TIME_BYTES = 14;

export interface EventBridgePublisherOptions {
  /** The custom bus (EVENT_BUS_NAME): its name or ARN. */
  busName: string;
  region: string;
  logger: Logger;
  /** Calls that may carry one event: the first and the retries of an entry PutEvents reported failed. Default 3. */
  attempts?: number;
  /** Pause before a round of retries, doubled for each such round in a row up to 4×. Default 100 ms. */
  retryDelayMs?: number;
  /** Tests answer here (the SDK's own seam: a request handler). */
  clientConfig?: Partial<EventBridgeClientConfig>;
}

/**
 * Order events to an EventBridge custom bus: `source` slimshop.orders, `detail-type` the event type,
 * `detail` the event as JSON, `time` when it happened. An order's events go out one per round: its next
 * event joins only a call after the one that published the event before it, so even a partly failed
 * PutEvents (FailedEntryCount > 0) never puts a later event of an order on the bus before an earlier one.
 * Failed entries are retried (a few rounds, backing off); an order whose event still fails keeps the rest
 * of its events for the next sweep. The relay's transaction is open meanwhile, so every wait is short.
 */
export function createEventBridgePublisher(options: EventBridgePublisherOptions): OrderEventPublisher {
  const client = new EventBridgeClient({
    region: options.region,
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
    ...options.clientConfig,
  });
  const attempts = options.attempts ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 100;

  return {
    async publish(events) {
      const queues = new Map<string, OrderEvent[]>();
      for (const event of events) {
        const queue = queues.get(event.orderId);
        if (queue) queue.push(event);
        else queues.set(event.orderId, [event]);
      }
      const tries = new Map<string, number>();
      const published: string[] = [];
      let retries = 0;
      while (queues.size > 0) {
        // A round that only retries what just failed waits a little first (throttling, a busy partition).
        if (retries > 0) await sleep(retryDelayMs * 2 ** Math.min(retries - 1, 2));
        let failed = false;
        const heads = [...queues.values()].map((queue) => queue[0] as OrderEvent);
        for (const batch of batches(heads)) {
          let failures: (string | undefined)[];
          try {
            failures = await put(batch);
          } catch (error) {
            // The answer is lost: these may or may not be on the bus. Not marked, so sent again later.
            options.logger.warn('PutEvents failed: order events left for the next sweep', {
              events: batch.length,
              error,
            });
            return published;
          }
          batch.forEach((event, index) => {
            const failure = failures[index];
            const queue = queues.get(event.orderId) as OrderEvent[];
            if (failure === undefined) {
              published.push(event.id);
              queue.shift();
              if (queue.length === 0) queues.delete(event.orderId);
              return;
            }
            const tried = (tries.get(event.id) ?? 0) + 1;
            tries.set(event.id, tried);
            failed = true;
            if (tried >= attempts) {
              options.logger.warn('EventBridge refused an order event: its order waits for the next sweep', {
                eventId: event.id,
                orderId: event.orderId,
                type: event.type,
                error: failure,
              });
              queues.delete(event.orderId);
            }
          });
        }
        retries = failed ? retries + 1 : 0;
      }
      return published;
    },
  };

  /** One PutEvents call; per entry undefined (published) or why it failed. */
  async function put(batch: readonly OrderEvent[]): Promise<(string | undefined)[]> {
    const output = await client.send(new PutEventsCommand({ Entries: batch.map(entryOf) }));
    if (!output.FailedEntryCount) return batch.map(() => undefined);
    return batch.map((_, index) => {
      const result = output.Entries?.[index];
      // No result entry for it means no proof it was published: treat as failed, so it is retried.
      if (result === undefined) return 'no result entry';
      return result.ErrorCode === undefined ? undefined : `${result.ErrorCode}: ${result.ErrorMessage ?? ''}`;
    });
  }

  function entryOf(event: OrderEvent): PutEventsRequestEntry {
    return {
      EventBusName: options.busName,
      Source: ORDER_EVENT_SOURCE,
      DetailType: event.type,
      Detail: JSON.stringify(event),
      Time: new Date(event.occurredAt),
    };
  }
}

/** Up to 10 events per call, their entry sizes below the request limit; an event too large alone goes alone. */
function batches(events: readonly OrderEvent[]): OrderEvent[][] {
  const result: OrderEvent[][] = [];
  let current: OrderEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = entrySize(event);
    if (current.length > 0 && (current.length === MAX_ENTRIES || bytes + size >= MAX_REQUEST_BYTES)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(event);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}

/** As EventBridge counts a PutEvents entry: Time, then the UTF-8 bytes of Source, DetailType and Detail. */
function entrySize(event: OrderEvent): number {
  return (
    TIME_BYTES +
    Buffer.byteLength(ORDER_EVENT_SOURCE) +
    Buffer.byteLength(event.type) +
    Buffer.byteLength(JSON.stringify(event))
  );
}
