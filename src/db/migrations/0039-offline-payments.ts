import { type Kysely, sql } from 'kysely';

// Money that arrives outside a card (a bank transfer, a cheque, cash) is recorded by the seller against
// an invoice, all it owes or part: a payment with its method and reference instead of a card. An open
// invoice then knows what payments paid on it so far (invoices.paid_minor); what it owes is its amount
// less credits and those. A payment's posting per invoice is unique (several partial ones may settle one
// invoice); a card payment still pays an invoice at most once.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table payments
    add column method text not null default 'card'
      check (method in ('card', 'bank_transfer', 'cheque', 'cash', 'other')),
    add column reference text,
    add column received_on date,
    add column recorded_by text,
    alter column gateway_token drop not null,
    alter column card_brand drop not null,
    alter column card_last4 drop not null,
    alter column card_exp_month drop not null,
    alter column card_exp_year drop not null,
    alter column cardholder_name drop not null,
    add constraint payments_card_has_card check (method <> 'card' or (gateway_token is not null
      and card_brand is not null and card_last4 is not null and card_exp_month is not null
      and card_exp_year is not null and cardholder_name is not null)),
    add constraint payments_offline_received check ((method = 'card') = (received_on is null))`.execute(db);
  await sql`alter table invoices add column paid_minor bigint not null default 0,
    add constraint invoices_paid_within_amount check (paid_minor >= 0 and paid_minor + credited_minor <= amount_minor)`.execute(
    db,
  );
  await sql`alter table ledger_entries drop constraint ledger_entries_account_check,
    add constraint ledger_entries_account_check
      check (account in ('receivable', 'revenue', 'gateway_clearing', 'bank_receipts'))`.execute(db);
  await sql`drop index ledger_one_payment_per_invoice`.execute(db);
  await sql`create unique index ledger_one_payment_per_invoice on ledger_entries (invoice_id, payment_id)
    where account = 'receivable' and amount_minor < 0 and payment_id is not null`.execute(db);
  await sql`create or replace function settle_invoice_json(i invoices) returns jsonb language sql stable as $$
    select jsonb_build_object('object', 'invoice', 'id', i.id, 'number', i.number,
      'organizationId', i.organization_id, 'subscriptionId', i.subscription_id, 'kind', i.kind,
      'status', i.status, 'currency', i.currency, 'amountMinor', i.amount_minor, 'taxMinor', i.tax_minor,
      'amountCreditedMinor', i.credited_minor, 'amountPaidMinor', i.paid_minor,
      'amountDueMinor', case when i.status = 'open' then i.amount_minor - i.credited_minor - i.paid_minor else 0 end,
      'issuedOn', i.issued_on::text, 'dueOn', i.due_on::text, 'periodStart', i.period_start::text,
      'periodEnd', i.period_end::text, 'paidAt', settle_instant(i.paid_at), 'paymentId', i.payment_id,
      'voidedAt', settle_instant(i.voided_at), 'voidReason', i.void_reason) $$`.execute(db);
}
