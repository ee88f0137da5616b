import { type Kysely, sql } from 'kysely';

// Each audit entry keeps where the change came from (client address and browser), and entries can be
// filtered by time and by person without reading the whole log.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_log add column ip text, add column user_agent text`.execute(db);
  await sql`create index audit_log_by_time on audit_log (organization_id, created_at desc)`.execute(db);
}
