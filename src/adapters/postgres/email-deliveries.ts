import type pg from 'pg';
import type { EmailDeliveries } from '../../app/ports/email-deliveries.js';
import { translatingErrors } from './errors.js';

/**
 * email_deliveries: one row per event whose email was sent or is being sent. The primary key decides
 * between concurrent deliveries of one event: the second insert waits for the first to commit, then
 * conflicts and inserts nothing. Each statement commits on its own, before the send (claim) or after a
 * send that certainly failed (release).
 */
export function createPostgresEmailDeliveries(pool: pg.Pool): EmailDeliveries {
  return {
    claim: ({ eventId, kind, recipient }) =>
      translatingErrors(async () => {
        const { rowCount } = await pool.query(
          `INSERT INTO email_deliveries (event_id, kind, recipient) VALUES ($1, $2, $3)
           ON CONFLICT (event_id) DO NOTHING`,
          [eventId, kind, recipient],
        );
        return rowCount === 1;
      }),
    release: (eventId) =>
      translatingErrors(async () => {
        await pool.query('DELETE FROM email_deliveries WHERE event_id = $1', [eventId]);
      }),
  };
}
