import { type Kysely, sql } from 'kysely';

// A billing notice keeps its facts (product, amount, reason, status) beside the text it was first
// written in: it is shown, and emailed, in the reader's language at the time they read it.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table notifications add column facts jsonb`.execute(db);
}
