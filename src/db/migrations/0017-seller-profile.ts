import { type Kysely, sql } from 'kysely';

// Who sells: the provider's legal name, address, tax ID and support contact. One row. Each invoice
// keeps a copy as it was when issued (an issued invoice does not change when the seller moves).
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table seller_profile (
    id integer primary key check (id = 1),
    legal_name text not null,
    address text not null,
    tax_id text,
    support_email text not null,
    support_phone text,
    updated_at timestamptz not null default now())`.execute(db);
  await sql`alter table invoices add column seller jsonb`.execute(db);
}
