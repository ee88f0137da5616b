import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { queueAgain } from './redeliver-event.js';
import { findEnabledEndpoint } from './webhook-endpoint-view.js';

/**
 * Sends again the events from `since` (and before `until`) that the endpoint wants: after an outage of
 * the receiver, or once an endpoint disabled for failing is enabled again. With `failedOnly`, only those
 * it never received: a delivery given up, or none at all (events written while it was disabled); those
 * received or on their way are left alone. Each keeps its webhook-id. A disabled endpoint is refused,
 * not queued for: nothing would be sent to it.
 */
export async function replayEvents(options: {
  db: Db;
  endpointId: string;
  since: Date;
  until?: Date | undefined;
  failedOnly?: boolean | undefined;
}): Promise<{ queued: number }> {
  return options.db.transaction().execute(async (tx) => {
    const endpoint = await findEnabledEndpoint(tx, options.endpointId);
    const wanted = endpoint.event_types;
    const until = options.until ? sql`and ev.created_at < ${options.until}` : sql``;
    const failedOnly = options.failedOnly
      ? sql`and not exists (select 1 from webhook_deliveries d where d.endpoint_id = ${endpoint.id}
          and d.event_id = ev.id and d.status in ('succeeded', 'pending'))`
      : sql``;
    const queued = await queueAgain(
      tx,
      endpoint.id,
      sql`select ev.id from events ev where ev.created_at >= ${options.since} ${until}
        and (ev.type = any(${wanted}::text[]) or '*' = any(${wanted}::text[])) ${failedOnly}`,
    );
    return { queued };
  });
}
