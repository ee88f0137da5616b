import { type Kysely, sql } from 'kysely';

// Passkeys (WebAuthn credentials) as a second factor: only the public key is kept. A ceremony's
// challenge lives on the session that asked for it, for five minutes, and is used once.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table passkeys (
    id text primary key,
    user_id text not null references users(id),
    organization_id text not null references organizations(id),
    public_key text not null,
    counter bigint not null,
    transports text not null,
    name text not null,
    created_at timestamptz not null default now(),
    last_used_at timestamptz)`.execute(db);
  await sql`create index passkeys_user on passkeys (user_id)`.execute(db);
  await sql`alter table sessions
    add column webauthn_challenge text,
    add column webauthn_challenge_expires_at timestamptz`.execute(db);
}
