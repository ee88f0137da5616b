import { type Kysely, sql } from 'kysely';

// 3-D Secure: a payment can wait for the cardholder to confirm it with their bank (requires_action).
// It still holds the subscription's one in-flight slot, so no second charge starts beside it, and
// reconciliation looks at it once the challenge window has passed. The sandbox processor remembers
// whether a charge was made with the cardholder present (off_session), as a real processor does.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table payments drop constraint payments_status_check`.execute(db);
  await sql`alter table payments add constraint payments_status_check
    check (status in ('pending', 'requires_action', 'succeeded', 'failed', 'unknown'))`.execute(db);
  await sql`drop index payments_one_in_flight`.execute(db);
  await sql`create unique index payments_one_in_flight on payments (subscription_id)
    where status in ('pending', 'unknown', 'requires_action')`.execute(db);
  await sql`drop index payments_to_reconcile`.execute(db);
  await sql`create index payments_to_reconcile on payments (next_reconcile_at)
    where status in ('pending', 'unknown', 'requires_action')`.execute(db);
  await sql`alter table sandbox_charges add column off_session boolean not null default true`.execute(db);
}
