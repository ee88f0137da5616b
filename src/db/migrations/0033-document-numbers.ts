import { type Kysely, sql } from 'kysely';

// One numbering per seller and kind of document (INV-1001, INV-1002, … for every customer's invoices),
// as tax authorities and accountants expect, where each organization had counted from INV-1001 and one
// seller issued INV-1001 many times. Existing invoices are numbered again in the order they were issued
// (each organization's own order kept within a day); events already sent keep the numbers they carried.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table document_sequences (
      kind text primary key,
      last_number bigint not null check (last_number >= 1000)
    )`.execute(db);
  await sql`drop index invoices_number_per_organization`.execute(db);
  await sql`with ordered as (
      select id, row_number() over (
        order by issued_on, organization_id, nullif(substring(number from '\\d+$'), '')::bigint nulls last, id) as n
      from invoices
    )
    update invoices i set number = 'INV-' || (1000 + o.n) from ordered o where o.id = i.id`.execute(db);
  await sql`insert into document_sequences (kind, last_number)
    select 'invoice', 1000 + count(*) from invoices`.execute(db);
  await sql`create unique index invoices_number on invoices (number)`.execute(db);
  await sql`alter table organizations drop column invoice_counter`.execute(db);
}
