import type { OrderEvent, OrderEventType } from '../../domain/ordering/order-event.js';
import type { Page } from '../../domain/shared/page.js';

/**
 * Where published order events go: an EventBridge custom bus on AWS (`source` slimshop.orders,
 * `detail-type` the event type), an in-process bus locally. At least once: consumers dedupe by `id`.
 */
export interface OrderEventPublisher {
  /**
   * Publishes `events` (oldest first, each order's in sequence order) and returns the ids of those that
   * were published. Per order they are a prefix of its events here: an event is never published while an
   * earlier one of its order failed. Throws only when it cannot tell; nothing then counts as published and
   * the relay offers all of them again.
   */
  publish(events: readonly OrderEvent[]): Promise<readonly string[]>;
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

/** What one relay pass did: the orders it took and the events it marked published. */
export interface RelayPass {
  /** Orders whose unpublished events this pass held (at most the limit it was given). */
  orders: number;
  published: number;
}

/** The outbox as the relay and GET /events read it. */
export interface OrderEventOutbox {
  /**
   * One relay pass, in one transaction: takes the unpublished events of up to `limit` orders that no other
   * relay holds (row locks, SKIP LOCKED), hands them to `publish` (oldest first, each order's in sequence
   * order), marks the ids it returns as published and commits. A crash before the commit leaves them
   * unpublished for the next pass: at least once. With `orderIds`, only those orders' events are taken
   * (a kick after they changed); without, the oldest orders with unpublished events (a sweep).
   */
  relay(
    limit: number,
    publish: (events: readonly OrderEvent[]) => Promise<readonly string[]>,
    orderIds?: readonly string[],
  ): Promise<RelayPass>;
  /** All events, published or not, in outbox order (the position); ValidationError(path 'after') for a foreign cursor. */
  list(query: OrderEventQuery): Promise<Page<OrderEvent>>;
}
