import { type Kysely, sql } from 'kysely';

// The provider's API keys (only a hash of each secret is kept, beside a visible prefix) and the log
// of every call made with one, append-only like the organizations' audit log. Idempotency keys of
// provider calls belong to an API key, not an organization: the table's scope is no longer a foreign key.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table api_keys (
    id text primary key,
    name text not null,
    prefix text not null unique,
    secret_hash text not null,
    scope text not null check (scope in ('read', 'read_write')),
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at timestamptz)`.execute(db);
  await sql`create table provider_audit_log (
    id bigserial primary key,
    api_key_id text not null references api_keys(id),
    key_name text not null,
    method text not null,
    path text not null,
    status int not null,
    organization_id text,
    created_at timestamptz not null default now())`.execute(db);
  await sql`create trigger provider_audit_log_append_only before update or delete on provider_audit_log
    for each row execute function refuse_change()`.execute(db);
  await sql`alter table idempotency_keys drop constraint idempotency_keys_organization_id_fkey`.execute(db);
}
