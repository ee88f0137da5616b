import { type Kysely, sql } from 'kysely';

// Refunds the seller asks for: full or partial, several per payment (at most one in flight at a time,
// so the processor's answer is never ambiguous), each with a reason, never more in all than was paid.
// An automatic refund of an unrecorded charge stays one per payment. A refund the processor refuses is
// failed, with the processor's code; one whose answer was lost stays pending until it is asked again.
// TapPay's refund claims remember when they were sent, so one that provably never landed is sent again.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table refunds drop constraint refunds_payment_id_key`.execute(db);
  await sql`create unique index refunds_one_automatic on refunds (payment_id) where reason = 'unrecorded_charge'`.execute(
    db,
  );
  await sql`create unique index refunds_one_in_flight on refunds (payment_id) where status = 'pending'`.execute(
    db,
  );
  await sql`create index refunds_by_payment on refunds (payment_id, created_at)`.execute(db);
  await sql`create index refunds_newest on refunds (created_at, id)`.execute(db);
  await sql`alter table refunds drop constraint refunds_status_check,
    add constraint refunds_status_check check (status in ('pending', 'succeeded', 'failed')),
    add constraint refunds_reason_check check (reason in
      ('unrecorded_charge', 'requested_by_customer', 'duplicate', 'fraudulent', 'service_issue', 'other')),
    add column note text,
    add column failure_code text,
    add column requested_by text,
    add column succeeded_at timestamptz`.execute(db);
  await sql`update refunds set succeeded_at = updated_at where status = 'succeeded'`.execute(db);
  await sql`alter table tappay_refunds add column sent_at timestamptz`.execute(db);
  await sql`update tappay_refunds set sent_at = created_at`.execute(db);
  await sql`alter table tappay_refunds alter column sent_at set not null, alter column sent_at set default now()`.execute(
    db,
  );
}
