import { type Kysely, sql } from 'kysely';

// A customer's credit balance: what the seller owes it back and keeps for its next invoices (a credit
// note to the balance, money paid beyond what an invoice owed). It lives in the ledger as a liability
// (customer_credit), and is applied to open invoices, oldest first, as a payment of their own
// (method credit_balance) before any card is charged. A credit note to the balance credits no invoice.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table ledger_entries drop constraint ledger_entries_account_check,
    add constraint ledger_entries_account_check
      check (account in ('receivable', 'revenue', 'gateway_clearing', 'bank_receipts', 'customer_credit'))`.execute(
    db,
  );
  await sql`alter table payments drop constraint payments_method_check,
    add constraint payments_method_check
      check (method in ('card', 'bank_transfer', 'cheque', 'cash', 'other', 'credit_balance'))`.execute(db);
  await sql`alter table credit_notes drop constraint credit_notes_kind_check,
    add constraint credit_notes_kind_check check (kind in ('invoice_reduction', 'refund', 'customer_balance'))`.execute(
    db,
  );
  // A credit to the balance belongs to the customer, not to one of its subscriptions.
  await sql`alter table ledger_entries alter column subscription_id drop not null,
    add constraint ledger_entries_receivable_has_subscription
      check (account not in ('receivable', 'gateway_clearing') or subscription_id is not null)`.execute(db);
  await sql`alter table credit_notes alter column subscription_id drop not null,
    add constraint credit_notes_balance_has_no_subscription
      check ((kind = 'customer_balance') = (subscription_id is null))`.execute(db);
  await sql`create index ledger_customer_credit on ledger_entries (organization_id) where account = 'customer_credit'`.execute(
    db,
  );
}
