import { type Kysely, sql } from 'kysely';

// Bank transfers for customers who pay their invoices themselves. The seller's bank gives it a virtual
// account prefix (虛擬帳號); each organization gets its own account number under it, printed on its
// invoices and shown in Bills & payments, so a transfer names its payer. The bank's notice of an
// incoming transfer is recorded once per bank reference and matched to the organization's open
// invoices; what they do not take goes to its credit balance. Each invoice it pays gets a payment of
// method bank_transfer that points back at the transfer.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table seller_profile add column bank_code text, add column bank_name text,
    add column transfer_account_prefix text,
    add constraint seller_profile_bank_all_or_none check (
      (bank_code is null) = (bank_name is null) and (bank_code is null) = (transfer_account_prefix is null))`.execute(
    db,
  );
  // Issued once, never reused: a number printed on an invoice keeps naming the same customer.
  await sql`create sequence transfer_account_numbers`.execute(db);
  await sql`alter table organizations add column transfer_account text unique`.execute(db);
  await sql`create table bank_transfers (
    id text primary key,
    organization_id text not null references organizations(id),
    account_number text not null,
    bank_reference text not null unique,
    amount_minor bigint not null check (amount_minor > 0),
    currency text not null,
    received_on date not null,
    memo text,
    applied_minor bigint not null check (applied_minor >= 0),
    credited_minor bigint not null check (credited_minor >= 0),
    created_at timestamptz not null,
    check (applied_minor + credited_minor = amount_minor))`.execute(db);
  await sql`create index bank_transfers_newest on bank_transfers (created_at desc, id desc)`.execute(db);
  await sql`create index bank_transfers_organization on bank_transfers (organization_id, created_at desc, id desc)`.execute(
    db,
  );
  await sql`alter table payments add column bank_transfer_id text references bank_transfers(id),
    add constraint payments_transfer_is_bank_transfer check (bank_transfer_id is null or method = 'bank_transfer')`.execute(
    db,
  );
  await sql`create index payments_bank_transfer on payments (bank_transfer_id) where bank_transfer_id is not null`.execute(
    db,
  );
}
