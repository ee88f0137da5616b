import { type Kysely, sql } from 'kysely';

// A payment's checks at the processor move to the one queue (src/queue): a payment in flight has a
// 'payment.reconcile' task, a payment recorded not charged a 'payment.unrecorded-charge' task, each
// due when the payment's own columns said, with the checks already made counted as attempts. Those
// columns go: the task is the one record of when a payment is looked at next.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`insert into queue_tasks (topic, subject_id, run_at, attempts, created_at)
    select 'payment.reconcile', id::text, coalesce(next_reconcile_at, now()), reconcile_attempts, created_at
    from payments where status in ('pending', 'requires_action', 'unknown')`.execute(db);
  await sql`insert into queue_tasks (topic, subject_id, run_at, attempts, created_at)
    select 'payment.unrecorded-charge', id::text, next_reconcile_at, reconcile_attempts, updated_at
    from payments where status = 'failed' and failure_code = 'not_charged' and next_reconcile_at is not null`.execute(
    db,
  );
  await sql`alter table payments drop column next_reconcile_at, drop column reconcile_attempts`.execute(db);
}
