import { type Kysely, sql } from 'kysely';

// Credit notes: the seller's documents for money it takes back from what a customer was billed, numbered
// in their own sequence (CN-1001, …) and never deleted. One reduces what an open invoice still owes; one
// documents a refund, issued when the processor gave the money back. Each line credits one invoice, so
// an invoice knows what was credited on it (invoices.credited_minor: never more than its amount), and
// what an open invoice owes is its amount less that.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table credit_notes (
    id text primary key,
    number text not null unique,
    organization_id text not null references organizations(id),
    subscription_id text not null references subscriptions(id),
    kind text not null check (kind in ('invoice_reduction', 'refund')),
    refund_id text unique references refunds(id),
    currency text not null,
    amount_minor bigint not null check (amount_minor > 0),
    tax_minor bigint not null check (tax_minor >= 0 and tax_minor <= amount_minor),
    reason text not null check (reason in ('requested_by_customer', 'duplicate', 'fraudulent', 'service_issue', 'other')),
    note text,
    issued_on date not null,
    seller jsonb,
    created_at timestamptz not null default now(),
    check ((kind = 'refund') = (refund_id is not null)))`.execute(db);
  await sql`create index credit_notes_by_organization on credit_notes (organization_id, created_at)`.execute(
    db,
  );
  await sql`create index credit_notes_newest on credit_notes (created_at, id)`.execute(db);
  await sql`create table credit_note_lines (
    credit_note_id text not null references credit_notes(id),
    invoice_id text not null references invoices(id),
    amount_minor bigint not null check (amount_minor > 0),
    tax_minor bigint not null check (tax_minor >= 0),
    primary key (credit_note_id, invoice_id))`.execute(db);
  await sql`create index credit_note_lines_by_invoice on credit_note_lines (invoice_id)`.execute(db);
  await sql`alter table invoices add column credited_minor bigint not null default 0,
    add constraint invoices_credit_within_amount check (credited_minor >= 0 and credited_minor <= amount_minor)`.execute(
    db,
  );
  // An invoice is still paid once, but credit notes now take amounts off its receivable too.
  await sql`drop index ledger_one_payment_per_invoice`.execute(db);
  await sql`create unique index ledger_one_payment_per_invoice on ledger_entries (invoice_id)
    where account = 'receivable' and amount_minor < 0 and payment_id is not null`.execute(db);
  await sql`create or replace function settle_invoice_json(i invoices) returns jsonb language sql stable as $$
    select jsonb_build_object('object', 'invoice', 'id', i.id, 'number', i.number,
      'organizationId', i.organization_id, 'subscriptionId', i.subscription_id, 'kind', i.kind,
      'status', i.status, 'currency', i.currency, 'amountMinor', i.amount_minor, 'taxMinor', i.tax_minor,
      'amountCreditedMinor', i.credited_minor,
      'amountDueMinor', case when i.status = 'open' then i.amount_minor - i.credited_minor else 0 end,
      'issuedOn', i.issued_on::text, 'dueOn', i.due_on::text, 'periodStart', i.period_start::text,
      'periodEnd', i.period_end::text, 'paidAt', settle_instant(i.paid_at), 'paymentId', i.payment_id,
      'voidedAt', settle_instant(i.voided_at), 'voidReason', i.void_reason) $$`.execute(db);
}
