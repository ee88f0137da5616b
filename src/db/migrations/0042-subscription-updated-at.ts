import { type Kysely, sql } from 'kysely';

// When a subscription last changed, for the provider's "updated since" filter: stamped by the database
// on every update that changes the row, whoever writes it (a use case, the billing run's SQL), so no
// writer can forget it.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table subscriptions add column updated_at timestamptz`.execute(db);
  await sql`update subscriptions set updated_at = created_at`.execute(db);
  await sql`alter table subscriptions alter column updated_at set not null,
    alter column updated_at set default now()`.execute(db);
  await sql`create function settle_stamp_updated_at() returns trigger language plpgsql as $$
    begin new.updated_at := clock_timestamp(); return new; end $$`.execute(db);
  await sql`create trigger subscriptions_updated_at before update on subscriptions for each row
    when (old.* is distinct from new.*) execute function settle_stamp_updated_at()`.execute(db);
  await sql`create index subscriptions_updated on subscriptions (updated_at)`.execute(db);
}
