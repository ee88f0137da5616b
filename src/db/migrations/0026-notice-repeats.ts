import { type Kysely, sql } from 'kysely';

// A failed payment's notice is not sent again for a retry that fails the same way on the same
// invoice: that check reads a subscription's failure notices (this index's leading column).
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index notifications_failed_invoice on notifications (subscription_id, invoice_id)
    where kind = 'payment_failed'`.execute(db);
}
