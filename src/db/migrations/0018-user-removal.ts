import { type Kysely, sql } from 'kysely';

// A user removed from an organization keeps their row (the audit log and the cards they added still
// name them) but can no longer sign in.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column removed_at timestamptz`.execute(db);
}
