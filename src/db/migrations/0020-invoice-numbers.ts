import { type Kysely, sql } from 'kysely';

// One invoice numbering per organization, for every kind of invoice (renewals, prorations, first
// invoices): INV-1001, INV-1002, … A global sequence mixed formats and told every customer how many
// invoices the others had. Numbers already issued stay as they are; each organization's counter
// starts past its own invoices.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table organizations add column invoice_counter integer not null default 1000`.execute(db);
  await sql`update organizations o set invoice_counter = 1000 + (select count(*) from invoices i where i.organization_id = o.id)`.execute(
    db,
  );
  await sql`alter table invoices drop constraint invoices_number_key`.execute(db);
  await sql`create unique index invoices_number_per_organization on invoices (organization_id, number)`.execute(
    db,
  );
}
