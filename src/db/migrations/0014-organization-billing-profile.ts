import { type Kysely, sql } from 'kysely';

// What an invoice needs to say about the customer, and how the customer pays: the card on file,
// charged automatically, or invoices sent and payable within a number of days.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table organizations
    add column country char(2),
    add column billing_address text,
    add column tax_id text,
    add column collection_method text not null default 'charge_automatically'
      check (collection_method in ('charge_automatically', 'send_invoice')),
    add column days_until_due integer check (days_until_due between 1 and 120)`.execute(db);
  await sql`create index organizations_created on organizations (created_at desc, id desc)`.execute(db);
}
