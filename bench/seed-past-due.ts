import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../src/db/connect.js';

export interface BenchAccount {
  organizationId: string;
  userId: string;
  sessionToken: string;
  subscriptionId: string;
  paymentMethodId: string;
  amountMinor: number;
}

/** N organizations, each with an admin, a working card and one past-due invoice; set-based, no loop of round trips. */
export async function seedPastDue(db: Db, count: number): Promise<BenchAccount[]> {
  await sql`insert into products (id, name, description) values ('bench-product', 'Bench Suite', 'benchmark') on conflict do nothing`.execute(
    db,
  );
  // Every subscription renews at a price of the catalogue.
  await sql`insert into prices (product_id, currency, billing_frequency, unit_amount_minor)
    values ('bench-product', 'USD', 'monthly', 1000) on conflict do nothing`.execute(db);
  await sql`
    with n as (select g as i from generate_series(1, ${count}::int) g)
    insert into organizations (id, name, currency, locale) select 'bench-org-' || i, 'Bench ' || i, 'USD', 'en-US' from n`.execute(
    db,
  );
  await sql`
    insert into users (id, organization_id, email, display_name, password_hash, role)
    select 'bench-user-' || substr(id, 11), id, 'admin' || substr(id, 11) || '@bench.test', 'Admin', 'scrypt$x', 'billing_admin'
    from organizations where id like 'bench-org-%'`.execute(db);
  await sql`
    insert into sandbox_cards (token, behavior, brand, last4, exp_month, exp_year, cardholder_name)
    select 'tok_bench_' || substr(id, 11), 'succeed', 'visa', '4242', 12, 2040, 'BENCH' from organizations where id like 'bench-org-%'`.execute(
    db,
  );
  await sql`
    insert into payment_methods (id, organization_id, owner_user_id, gateway_token, brand, last4, exp_month, exp_year, cardholder_name)
    select gen_random_uuid()::text, id, 'bench-user-' || substr(id, 11), 'tok_bench_' || substr(id, 11), 'visa', '4242', 12, 2040, 'BENCH'
    from organizations where id like 'bench-org-%'`.execute(db);
  await sql`
    insert into subscriptions (id, organization_id, product_id, licenses, billing_frequency, status, current_period_start,
      current_period_end, billing_anchor_day, payment_method_id, past_due_since)
    select gen_random_uuid()::text, o.id, 'bench-product', 10, 'monthly', 'expired', current_date - 5, current_date + 25,
      extract(day from current_date - 5)::int, pm.id, now()
    from organizations o join payment_methods pm on pm.organization_id = o.id where o.id like 'bench-org-%'`.execute(
    db,
  );
  await sql`
    insert into invoices (id, organization_id, subscription_id, number, currency, amount_minor, status, issued_on, due_on,
      period_start, period_end)
    select gen_random_uuid()::text, organization_id, id, 'BENCH-' || substr(organization_id, 11), 'USD', 22000, 'open',
      current_date - 5, current_date - 5, current_date - 5, current_date + 25
    from subscriptions where organization_id like 'bench-org-%'`.execute(db);
  await sql`
    insert into ledger_entries (organization_id, journal_id, account, amount_minor, currency, subscription_id, invoice_id)
    select organization_id, 'bench-' || id, a.account, a.sign * amount_minor, currency, subscription_id, id
    from invoices, (values ('receivable', 1), ('revenue', -1)) as a(account, sign) where number like 'BENCH-%'`.execute(
    db,
  );

  const rows = await db
    .selectFrom('subscriptions')
    .select(['subscriptions.id', 'subscriptions.organization_id', 'subscriptions.payment_method_id'])
    .where('subscriptions.organization_id', 'like', 'bench-org-%')
    .execute();
  const accounts = rows.map((row) => ({
    organizationId: row.organization_id,
    userId: `bench-user-${row.organization_id.slice(10)}`,
    sessionToken: `bench-session-${row.organization_id}`,
    subscriptionId: row.id,
    paymentMethodId: row.payment_method_id ?? '',
    amountMinor: 22000,
  }));
  for (let start = 0; start < accounts.length; start += 1000) {
    await db
      .insertInto('sessions')
      .values(
        accounts.slice(start, start + 1000).map((account) => ({
          token_hash: createHash('sha256').update(account.sessionToken).digest('hex'),
          user_id: account.userId,
          organization_id: account.organizationId,
          expires_at: new Date(Date.now() + 3_600_000),
        })),
      )
      .execute();
  }
  return accounts;
}
