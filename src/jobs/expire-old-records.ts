import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

/** Idempotency keys answer retries for a day (Stripe keeps them 24 hours). */
export const idempotencyKeyRetentionMs = 86_400_000;
/** Events can be listed and replayed for 30 days; their deliveries and delivery log go with them. */
export const eventRetentionMs = 30 * 86_400_000;

/** Forgets what is kept for a while only: idempotency keys after a day, events after 30 days. */
export async function expireOldRecords(options: {
  db: Db;
  now?: Date;
}): Promise<{ idempotencyKeys: bigint; events: bigint }> {
  const now = options.now ?? new Date();
  const keys = await options.db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', sql<Date>`${new Date(now.getTime() - idempotencyKeyRetentionMs)}`)
    .executeTakeFirst();
  const events = await options.db
    .deleteFrom('events')
    .where('created_at', '<', sql<Date>`${new Date(now.getTime() - eventRetentionMs)}`)
    .executeTakeFirst();
  return { idempotencyKeys: keys.numDeletedRows, events: events.numDeletedRows };
}
