import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { migrateToLatest, migrations } from '../src/db/migrate.js';
import { createTestDb } from './harness.js';

// Subscriptions sold before the billing anchor had drifted: started on Jan 31, they renewed on Feb 28
// and then on the 28th for good. The migration gives each the day its unbroken run of periods began.

let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, drop } = await createTestDb({ migrate: false }));
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateTo('0030-queue-tasks');
  if (error) throw error;
});
afterAll(() => drop());

it('gives existing subscriptions the day their run of periods began, drifted or not', async () => {
  await db
    .insertInto('organizations')
    .values({ id: 'o', name: 'O', currency: 'USD', locale: 'en-US' })
    .execute();
  await db
    .insertInto('products')
    .values({ id: 'p', name: 'Plan', name_zh_tw: null, description: '', archived_at: null })
    .execute();
  await db
    .insertInto('prices')
    .values({
      product_id: 'p',
      currency: 'USD',
      billing_frequency: 'monthly',
      unit_amount_minor: 100n,
      archived_at: null,
    })
    .execute();
  const subscription = (id: string, start: string, end: string) =>
    // biome-ignore lint/suspicious/noExplicitAny: the table as it was before the migration, without the anchor
    (db as any)
      .insertInto('subscriptions')
      .values({
        id,
        organization_id: 'o',
        product_id: 'p',
        licenses: 1,
        billing_frequency: 'monthly',
        status: 'active',
        recurring_billing: true,
        current_period_start: start,
        current_period_end: end,
        payment_method_id: null,
        past_due_since: null,
      })
      .execute();
  let number = 1000;
  const invoice = (
    subscriptionId: string,
    start: string,
    end: string,
    kind: 'renewal' | 'proration' = 'renewal',
  ) =>
    db
      .insertInto('invoices')
      .values({
        id: `${subscriptionId}-${start}-${kind}`,
        organization_id: 'o',
        subscription_id: subscriptionId,
        number: `INV-${++number}`,
        currency: 'USD',
        amount_minor: 100n,
        status: 'paid',
        issued_on: start,
        due_on: start,
        period_start: start,
        period_end: end,
        paid_at: null,
        payment_id: null,
        licenses: 1,
        unit_amount_minor: 100n,
        kind,
      })
      .execute();
  // Started Jan 31, drifted to the 28th.
  await subscription('drifted', '2027-03-28', '2027-04-28');
  await invoice('drifted', '2027-01-31', '2027-02-28');
  await invoice('drifted', '2027-02-28', '2027-03-28');
  await invoice('drifted', '2027-03-10', '2027-03-28', 'proration');
  await invoice('drifted', '2027-03-28', '2027-04-28');
  // Started on the 31st once, canceled, started again on the 5th: the new run counts.
  await subscription('restarted', '2027-05-05', '2027-06-05');
  await invoice('restarted', '2027-01-31', '2027-02-28');
  await invoice('restarted', '2027-05-05', '2027-06-05');
  // No invoice at all (a free period): its own start.
  await subscription('free', '2027-02-17', '2027-03-17');

  await migrateToLatest(db);
  const anchors = await db
    .selectFrom('subscriptions')
    .select(['id', 'billing_anchor_day'])
    .orderBy('id')
    .execute();
  expect(anchors).toEqual([
    { id: 'drifted', billing_anchor_day: 31 },
    { id: 'free', billing_anchor_day: 17 },
    { id: 'restarted', billing_anchor_day: 5 },
  ]);
});
