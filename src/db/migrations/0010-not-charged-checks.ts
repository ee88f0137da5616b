import { type Kysely, sql } from 'kysely';

// Payments recorded "not charged" are looked up at the processor again for about a week: reconciliation
// finds the due ones through this index, whatever the number of failed payments.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index payments_not_charged_checks on payments (next_reconcile_at)
    where status = 'failed' and next_reconcile_at is not null`.execute(db);
}
