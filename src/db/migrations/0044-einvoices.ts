import { type Kysely, sql } from 'kysely';

// 電子發票: whether the seller issues Taiwan's e-invoices, each organization's choice of where its
// e-invoices go, the e-invoices and allowances Settle asked its issuer for (one per paid TWD invoice,
// voided and reissued or reduced by allowances as credits come), the number ranges (字軌) the seller
// was allotted per two-month period, and the sandbox issuer's own books.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table seller_profile add column einvoice_enabled boolean not null default false`.execute(
    db,
  );
  await sql`alter table organizations add column einvoice_buyer jsonb`.execute(db);
  await sql`create table einvoice_tracks (
    id text primary key,
    period text not null check (period ~ '^\\d{4}-(01|03|05|07|09|11)$'),
    track text not null check (track ~ '^[A-Z]{2}$'),
    first_number int not null check (first_number between 0 and 99999999),
    last_number int not null check (last_number between first_number and 99999999),
    next_number int not null,
    low_warned_at timestamptz,
    created_at timestamptz not null default now(),
    unique (period, track, first_number))`.execute(db);
  await sql`create table einvoices (
    id text primary key,
    organization_id text not null references organizations(id),
    invoice_id text not null references invoices(id),
    relate_number text not null unique,
    replaces_einvoice_id text references einvoices(id),
    status text not null check (status in ('pending', 'unknown', 'issued', 'failed', 'voided', 'canceled')),
    buyer jsonb not null,
    buyer_email text not null,
    buyer_name text not null,
    buyer_address text,
    amount_minor bigint not null check (amount_minor > 0),
    tax_minor bigint not null,
    item_name text not null,
    number text unique,
    random_code text,
    issued_at timestamptz,
    failure_code text,
    failure_message text,
    void_requested_at timestamptz,
    void_reason text,
    voided_at timestamptz,
    late_warned_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now())`.execute(db);
  // One original per invoice: paid twice over, or by two processes, it is still asked for once.
  await sql`create unique index einvoices_one_per_invoice on einvoices (invoice_id) where replaces_einvoice_id is null`.execute(
    db,
  );
  await sql`create unique index einvoices_one_reissue on einvoices (replaces_einvoice_id) where replaces_einvoice_id is not null`.execute(
    db,
  );
  await sql`create index einvoices_by_organization on einvoices (organization_id, created_at desc, id desc)`.execute(
    db,
  );
  await sql`create index einvoices_listed on einvoices (created_at desc, id desc)`.execute(db);
  await sql`create table einvoice_allowances (
    id text primary key,
    einvoice_id text not null references einvoices(id),
    credit_note_id text not null references credit_notes(id),
    status text not null check (status in ('pending', 'unknown', 'issued', 'failed', 'voided')),
    amount_minor bigint not null check (amount_minor > 0),
    tax_minor bigint not null,
    number text,
    issued_at timestamptz,
    failure_code text,
    failure_message text,
    voided_at timestamptz,
    created_at timestamptz not null default now(),
    unique (einvoice_id, credit_note_id))`.execute(db);
  await sql`create table sandbox_einvoices (
    relate_number text primary key,
    number text not null unique,
    random_code text not null,
    issued_at timestamptz not null,
    amount_minor bigint not null,
    remaining_minor bigint not null,
    buyer jsonb not null,
    voided_at timestamptz)`.execute(db);
  await sql`create table sandbox_einvoice_allowances (
    number text primary key,
    request_id text not null unique,
    invoice_number text not null references sandbox_einvoices(number),
    amount_minor bigint not null,
    issued_at timestamptz not null,
    voided_at timestamptz)`.execute(db);
}
