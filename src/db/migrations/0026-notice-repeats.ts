import { type Kysely, sql } from 'kysely';

// A failed payment's notice is not sent again for a retry that fails the way each admin's last
// failure notice said: that check reads a subscription's failure notices, newest first.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index notifications_failed on notifications (subscription_id, created_at desc)
    where kind = 'payment_failed'`.execute(db);
}
