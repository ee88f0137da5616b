import { type Kysely, sql } from 'kysely';

// A customer the seller no longer sells to is archived, never deleted (its invoices and payments stay):
// no new subscriptions or invitations; its admins can still sign in and pay what is owed. Restored, it
// is a customer like any other again.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table organizations add column archived_at timestamptz`.execute(db);
}
