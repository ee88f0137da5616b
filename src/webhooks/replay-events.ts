import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { queueAgain } from './redeliver-event.js';
import { findWebhookEndpoint } from './webhook-endpoint-view.js';

/**
 * Sends again every event since `since` that the endpoint wants: after an outage of the receiver, or
 * after the endpoint was disabled for failing and turned back on. Each keeps its webhook-id.
 */
export async function replayEvents(options: {
  db: Db;
  endpointId: string;
  since: Date;
}): Promise<{ queued: number }> {
  return options.db.transaction().execute(async (tx) => {
    const endpoint = await findWebhookEndpoint(tx, options.endpointId, true);
    const wanted = endpoint.event_types;
    const queued = await queueAgain(
      tx,
      endpoint.id,
      sql`select ev.id from events ev where ev.created_at >= ${options.since}
        and (ev.type = any(${wanted}::text[]) or '*' = any(${wanted}::text[]))`,
    );
    return { queued };
  });
}
