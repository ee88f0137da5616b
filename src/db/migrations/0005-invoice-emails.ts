import { type Kysely, sql } from 'kysely';

// An admin may ask for the invoice PDF with billing emails; a notice remembers which invoice it is about.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column attach_invoice_pdf boolean not null default false`.execute(db);
  await sql`alter table notifications add column invoice_id text references invoices(id)`.execute(db);
}
