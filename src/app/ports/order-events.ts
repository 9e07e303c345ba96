import type { OrderEvent, OrderEventType } from '../../domain/ordering/order-event.js';
import type { Page } from '../../domain/shared/page.js';

/**
 * Where published order events go: an EventBridge custom bus on AWS (`source` slimshop.orders,
 * `detail-type` the event type), an in-process bus locally. At least once: consumers dedupe by `id`.
 */
export interface OrderEventPublisher {
  /** Publishes in the given order; throws if any event may not have been published (the relay retries). */
  publish(events: readonly OrderEvent[]): Promise<void>;
}

/** Something that reacts to order events (the email sender); must tolerate the same event twice. */
export type OrderEventHandler = (event: OrderEvent) => Promise<void>;

/** The local stand-in for the bus: what is published reaches every subscriber, in order. */
export interface InProcessEventBus extends OrderEventPublisher {
  /** Returns the unsubscribe function. */
  subscribe(handler: OrderEventHandler): () => void;
}

export interface OrderEventQuery {
  limit: number;
  /** Opaque cursor: events after it (the outbox's position). */
  after?: string;
  type?: OrderEventType;
}

/** The outbox as the relay and GET /events read it. */
export interface OrderEventOutbox {
  /** Unpublished events, oldest first (per order in sequence order). */
  unpublished(limit: number): Promise<OrderEvent[]>;
  markPublished(ids: readonly string[]): Promise<void>;
  list(query: OrderEventQuery): Promise<Page<OrderEvent>>;
}
