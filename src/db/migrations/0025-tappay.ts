import { type Kysely, sql } from 'kysely';

// TapPay's side of the books, written only by its adapter. A bound card's card_key and card_token
// are sealed (with SETTLE_SECRET_KEY): Settle's payment methods hold only an opaque tpk_ reference.
// A payment is one pay-by-token call, so what it is to charge is kept until it is sent; refunds carry
// no idempotency key at TapPay, so each refund key is claimed here before it is sent.
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table tappay_cards (
    reference text primary key,
    organization_id text not null,
    card_key_sealed text not null,
    card_token_sealed text not null,
    brand text not null,
    last4 char(4) not null,
    exp_month int not null,
    exp_year int not null,
    cardholder_name text not null,
    created_at timestamptz not null default now())`.execute(db);
  await sql`create table tappay_payments (
    idempotency_key text primary key,
    card_reference text not null,
    amount_minor bigint not null,
    currency text not null,
    off_session boolean not null,
    rec_trade_id text,
    payment_url text,
    sent_at timestamptz,
    created_at timestamptz not null default now())`.execute(db);
  await sql`create table tappay_refunds (
    idempotency_key text primary key,
    rec_trade_id text not null,
    amount_minor bigint not null,
    done_at timestamptz,
    created_at timestamptz not null default now())`.execute(db);
}
