import { type Kysely, sql } from 'kysely';

// Sessions get an id to list and end them by (the token's hash never leaves the server), when they
// were last used (idle timeout), where from, when the user last proved who they are (re-authentication
// before sensitive changes) and whether a second factor is still owed. Users get an authenticator
// secret, sealed with the server's key; recovery codes are stored as hashes only.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table sessions
    add column id text not null default gen_random_uuid()::text,
    add column last_seen_at timestamptz not null default now(),
    add column authenticated_at timestamptz not null default now(),
    add column mfa_state text not null default 'complete',
    add column user_agent text,
    add column ip_address text`.execute(db);
  await sql`create unique index sessions_id on sessions (id)`.execute(db);
  await sql`create index sessions_user on sessions (user_id)`.execute(db);
  await sql`alter table users
    add column totp_secret_sealed text,
    add column totp_pending_sealed text,
    add column totp_last_step bigint`.execute(db);
  await sql`create table recovery_codes (
    user_id text not null references users(id),
    code_hash text not null,
    used_at timestamptz,
    primary key (user_id, code_hash))`.execute(db);
  await sql`alter table organizations add column require_mfa boolean not null default false`.execute(db);
}
