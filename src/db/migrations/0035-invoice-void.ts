import { type Kysely, sql } from 'kysely';

// An open invoice the seller withdraws is voided, never deleted: it keeps its number, says when and why,
// and its amount leaves the customer's balance by a reversing journal. The invoice's object (its GET,
// its events, and this function for the billing run's set-based events) carries both.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table invoices add column voided_at timestamptz, add column void_reason text,
    add constraint invoices_void_says_why check ((status = 'void') = (voided_at is not null and void_reason is not null))`.execute(
    db,
  );
  await sql`create or replace function settle_invoice_json(i invoices) returns jsonb language sql stable as $$
    select jsonb_build_object('object', 'invoice', 'id', i.id, 'number', i.number,
      'organizationId', i.organization_id, 'subscriptionId', i.subscription_id, 'kind', i.kind,
      'status', i.status, 'currency', i.currency, 'amountMinor', i.amount_minor, 'taxMinor', i.tax_minor,
      'issuedOn', i.issued_on::text, 'dueOn', i.due_on::text, 'periodStart', i.period_start::text,
      'periodEnd', i.period_end::text, 'paidAt', settle_instant(i.paid_at), 'paymentId', i.payment_id,
      'voidedAt', settle_instant(i.voided_at), 'voidReason', i.void_reason) $$`.execute(db);
}
