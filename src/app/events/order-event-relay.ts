import type { OrderEvent } from '../../domain/ordering/order-event.js';
import type { Logger } from '../ports/logger.js';
import type { OrderEventOutbox, OrderEventPublisher } from '../ports/order-events.js';

/**
 * Moves committed order events from the outbox to the bus. Order changes kick it right after their commit;
 * a sweep (a timer in the server, a scheduled Lambda on AWS) publishes whatever a kick left behind (a crash
 * between commit and publish, a bus that was down).
 */
export interface OrderEventRelay {
  /**
   * Publishes soon, in the background; never throws (failures are logged, the sweeper retries). Naming the
   * order that changed publishes that order's events; without it, every order's (as a sweep).
   */
  kick(orderId?: string): void;
  /** Publishes everything committed before the call that no other relay holds; returns how many it published. */
  sweep(): Promise<number>;
  /** Stops the sweep timer and later kicks, and waits for the pass under way. */
  stop(): Promise<void>;
}

/** What runtimes need besides the three calls payment and order code make. */
export interface OrderEventRelayControl extends OrderEventRelay {
  /** Resolves once no pass is running or queued (Lambda awaits it: a frozen environment would hold the locks). */
  idle(): Promise<void>;
  /** Sweeps every `intervalMs` until stop() (servers); the timer does not keep the process alive. */
  sweepEvery(intervalMs: number): void;
}

export interface OrderEventRelayOptions {
  outbox: OrderEventOutbox;
  publisher: OrderEventPublisher;
  logger: Logger;
  /** Orders per pass (one transaction holds their rows while it publishes). Default 50. */
  ordersPerPass?: number;
}

/**
 * One pass at a time per process: kicks while a pass runs queue one more pass (however many kicks), so a
 * burst of orders costs a few transactions, not one each. Passes in other processes take other orders.
 */
export function createOrderEventRelay(options: OrderEventRelayOptions): OrderEventRelayControl {
  const { outbox, publisher, logger } = options;
  const ordersPerPass = options.ordersPerPass ?? 50;
  let chain: Promise<unknown> = Promise.resolve();
  let queued: Promise<number> | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // What the queued pass is to publish: the orders kicks named, or every order (a sweep, a bare kick).
  let named = new Set<string>();
  let everything = false;

  // Marks only what the publisher may mark: per order, the events before its first unpublished one.
  const publish = async (events: readonly OrderEvent[]) =>
    orderPrefixes(events, await publisher.publish(events));

  const drainAll = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const pass = await outbox.relay(ordersPerPass, publish);
      total += pass.published;
      // A short pass took the last orders; a pass that published nothing is a bus in trouble: the sweep retries.
      if (pass.orders < ordersPerPass || pass.published === 0) return total;
    }
  };

  // An order another relay holds is skipped: that relay publishes it, or the next sweep does.
  const drainNamed = async (orderIds: string[]): Promise<number> => {
    let total = 0;
    for (let start = 0; start < orderIds.length; start += ordersPerPass) {
      const pass = await outbox.relay(ordersPerPass, publish, orderIds.slice(start, start + ordersPerPass));
      total += pass.published;
      if (pass.orders > 0 && pass.published === 0) return total;
    }
    return total;
  };

  const schedule = (): Promise<number> => {
    if (queued) return queued;
    const run = chain.then(() => {
      queued = undefined;
      const all = everything;
      const orderIds = [...named];
      everything = false;
      named = new Set();
      return all ? drainAll() : drainNamed(orderIds);
    });
    queued = run;
    chain = run.catch(() => 0);
    return run;
  };

  const background = (reason: string) => {
    schedule().then(
      (published) => {
        if (published > 0) logger.debug('order events published', { reason, published });
      },
      (error: unknown) => logger.warn('order event relay failed: the sweeper retries', { reason, error }),
    );
  };

  return {
    kick(orderId) {
      if (stopped) return;
      if (orderId === undefined) everything = true;
      else named.add(orderId);
      background('kick');
    },
    sweep() {
      everything = true;
      return schedule();
    },
    async idle() {
      // A pass may queue another (a kick during it): wait until the chain stops growing.
      for (let current = chain; ; current = chain) {
        await current;
        if (chain === current) return;
      }
    },
    sweepEvery(intervalMs) {
      if (stopped || timer !== undefined) return;
      timer = setInterval(() => {
        everything = true;
        background('sweep');
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await chain;
    },
  };
}

/** The ids in `published` that follow only published events of their order in `events`. */
export function orderPrefixes(events: readonly OrderEvent[], published: readonly string[]): string[] {
  const done = new Set(published);
  const blocked = new Set<string>();
  const marked: string[] = [];
  for (const event of events) {
    if (blocked.has(event.orderId)) continue;
    if (done.has(event.id)) marked.push(event.id);
    else blocked.add(event.orderId);
  }
  return marked;
}
