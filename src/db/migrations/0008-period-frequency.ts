import { type Kysely, sql } from 'kysely';

// A new billing frequency applies from the next renewal, but licenses added in the meantime are
// prorated at the price of the period they join. The frequency that period was billed at is kept
// here when it differs from billing_frequency (null: the same); each renewal clears it.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table subscriptions add column period_billing_frequency text
    check (period_billing_frequency in ('monthly', 'annual'))`.execute(db);
}
