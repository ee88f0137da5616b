import { type Kysely, sql } from 'kysely';

// Licenses added mid-period get invoices of their own; only renewals are one per period.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table invoices add column kind text not null default 'renewal' check (kind in ('renewal', 'proration'))`.execute(
    db,
  );
  await sql`drop index invoices_one_per_period`.execute(db);
  await sql`create unique index invoices_one_renewal_per_period on invoices (subscription_id, period_start) where kind = 'renewal'`.execute(
    db,
  );
}
