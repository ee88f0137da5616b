import { type Kysely, sql } from 'kysely';

// The billing run takes due subscriptions in (current_period_end, id) order, a batch at a time. With
// only current_period_end indexed, a day on which a million periods end made every batch read and
// sort all of them; with id in the index each batch reads just its own rows.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index subscriptions_due`.execute(db);
  await sql`create index subscriptions_due on subscriptions (current_period_end, id)
    where status in ('active', 'expired') and recurring_billing`.execute(db);
}
