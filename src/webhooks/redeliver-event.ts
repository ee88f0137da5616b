import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { findEnabledEndpoint } from './webhook-endpoint-view.js';

/**
 * Sends one event to the endpoint again, now, with the same webhook-id (a receiver that already has
 * it can tell). Works for any event the endpoint wants, delivered before or not; a disabled endpoint is
 * refused (nothing would be sent to it).
 */
export async function redeliverEvent(options: {
  db: Db;
  endpointId: string;
  eventId: string;
}): Promise<void> {
  await options.db.transaction().execute(async (tx) => {
    const endpoint = await findEnabledEndpoint(tx, options.endpointId);
    const event = await tx
      .selectFrom('events')
      .select('id')
      .where('id', '=', options.eventId)
      .executeTakeFirst();
    if (!event) throw new AppError('event_not_found');
    await queueAgain(tx, endpoint.id, sql`select ${event.id}::text as id`);
  });
}

/** A delivery due now for each event of `events` (a query of ids), new or sent before. */
export async function queueAgain(
  tx: Db,
  endpointId: string,
  events: ReturnType<typeof sql>,
): Promise<number> {
  const result = await sql<{ event_id: string }>`
    insert into webhook_deliveries (endpoint_id, event_id)
    select ${endpointId}, chosen.id from (${events}) chosen
    on conflict (endpoint_id, event_id) do update set status = 'pending', attempts = 0, next_attempt_at = clock_timestamp(),
      created_at = clock_timestamp(), claimed_until = null, claim_token = null
    returning event_id`.execute(tx);
  return result.rows.length;
}
