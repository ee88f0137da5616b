import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { migrateToLatest, migrations } from '../src/db/migrate.js';
import { createTestDb } from './harness.js';

// Payments in doubt before the queue kept their next check on the payment row. The migration gives
// each its task, due when the row said, with the checks already made counted as attempts.

let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, drop } = await createTestDb({ migrate: false }));
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateTo('0031-billing-anchor');
  if (error) throw error;
});
afterAll(() => drop());

it('queues a check for every payment in doubt, due when its row said, and none for the settled', async () => {
  await sql`insert into organizations (id, name, currency, locale) values ('o', 'O', 'TWD', 'zh-TW')`.execute(
    db,
  );
  await sql`insert into products (id, name, description) values ('p', 'Plan', '')`.execute(db);
  await sql`insert into prices (product_id, currency, billing_frequency, unit_amount_minor)
    values ('p', 'TWD', 'monthly', 300)`.execute(db);
  await sql`insert into subscriptions (id, organization_id, product_id, price_id, licenses, billing_frequency,
    status, recurring_billing, current_period_start, current_period_end, billing_anchor_day)
    select s, 'o', 'p', id, 1, 'monthly', 'active', true, '2027-01-05', '2027-02-05', 5
    from prices, unnest(array['s1', 's2', 's3']) s`.execute(db);
  // One payment in flight per subscription, as the database requires.
  let subscriptions = 0;
  const due = new Date('2027-01-05T10:00:00Z');
  const payment = (
    id: string,
    status: string,
    failureCode: string | null,
    next: Date | null,
    attempts: number,
  ) =>
    sql`insert into payments (id, organization_id, subscription_id, gateway_token, card_brand, card_last4,
      card_exp_month, card_exp_year, cardholder_name, amount_minor, currency, status, failure_code,
      next_reconcile_at, reconcile_attempts)
      values (${id}, 'o', ${`s${(subscriptions++ % 3) + 1}`}, 'tok_x', 'visa', '4242', 12, 2030, 'Mei', 300, 'TWD', ${status}, ${failureCode},
        ${next}, ${attempts})`.execute(db);
  await payment('pending', 'pending', null, due, 0);
  await payment('unknown', 'unknown', null, due, 3);
  await payment('challenged', 'requires_action', null, due, 0);
  await payment('not-charged', 'failed', 'not_charged', due, 2);
  await payment('not-charged-long-ago', 'failed', 'not_charged', null, 8);
  await payment('declined', 'failed', 'card_declined', null, 0);
  await payment('paid', 'succeeded', null, null, 0);

  await migrateToLatest(db);
  const tasks = await db
    .selectFrom('queue_tasks')
    .select(['topic', 'subject_id', 'run_at', 'attempts'])
    .where('topic', 'like', 'payment.%')
    .orderBy('topic')
    .orderBy('subject_id')
    .execute();
  expect(tasks).toEqual([
    { topic: 'payment.reconcile', subject_id: 'challenged', run_at: due, attempts: 0 },
    { topic: 'payment.reconcile', subject_id: 'pending', run_at: due, attempts: 0 },
    { topic: 'payment.reconcile', subject_id: 'unknown', run_at: due, attempts: 3 },
    { topic: 'payment.unrecorded-charge', subject_id: 'not-charged', run_at: due, attempts: 2 },
  ]);
});
