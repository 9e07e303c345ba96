import type { OrderEventPublisher } from '../app/ports/order-events.js';
import type { Metrics } from '../observability/metrics.js';

/**
 * The publisher a relay sweep hands the outbox's unpublished events to, noting the oldest one's age; the
 * sweep then reports it (0 when it found none) with `reportOldestAge`.
 */
export function outboxAgeProbe(
  publisher: OrderEventPublisher,
  metrics: Metrics,
  now: () => number = Date.now,
): OrderEventPublisher & { reportOldestAge(): void } {
  let oldest: number | undefined;
  return {
    publish(events) {
      for (const event of events) {
        const at = Date.parse(event.occurredAt);
        if (oldest === undefined || at < oldest) oldest = at;
      }
      return publisher.publish(events);
    },
    reportOldestAge() {
      const ageSeconds = oldest === undefined ? 0 : Math.max(0, Math.round((now() - oldest) / 1000));
      oldest = undefined;
      // A literal, not the METRIC table: this module is reached from the API's start-up code.
      metrics.put('OutboxOldestEventAge', ageSeconds, 'Seconds');
    },
  };
}
