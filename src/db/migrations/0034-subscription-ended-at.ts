import { type Kysely, sql } from 'kysely';

// When a cancel ended a subscription (now, or at the end of its term): paying what it still owes settles
// the money and leaves it ended, where a payment had set every subscription it covered back to Active.
// Reactivation clears it. Existing subscriptions ended that way are marked as of now.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table subscriptions add column ended_at timestamptz`.execute(db);
  await sql`update subscriptions set ended_at = now() where not recurring_billing
    and (status = 'disabled' or (status = 'expired' and current_period_end <= current_date))`.execute(db);
}
