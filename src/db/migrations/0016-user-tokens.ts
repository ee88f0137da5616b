import { type Kysely, sql } from 'kysely';

// Invitations and password resets: one-time links whose tokens are kept only as hashes. An invited
// user has no password until they choose one.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users alter column password_hash drop not null`.execute(db);
  await sql`create table user_tokens (
    token_hash text primary key,
    user_id text not null references users(id),
    purpose text not null check (purpose in ('invitation', 'password_reset')),
    expires_at timestamptz not null,
    used_at timestamptz,
    created_at timestamptz not null default now())`.execute(db);
  await sql`create index user_tokens_user on user_tokens (user_id)`.execute(db);
}
