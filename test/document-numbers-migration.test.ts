import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { takeDocumentNumber } from '../src/billing/take-document-numbers.js';
import type { Db } from '../src/db/connect.js';
import { migrateToLatest, migrations } from '../src/db/migrate.js';
import { createTestDb } from './harness.js';

// Before one numbering per seller, each organization counted its own invoices from INV-1001, so one
// seller had issued INV-1001 to every customer. The migration numbers them again in the order they were
// issued, and the seller's sequence goes on after the last; subscriptions ended by a cancel are marked.

let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, drop } = await createTestDb({ migrate: false }));
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateTo('0032-payment-checks-queued');
  if (error) throw error;
});
afterAll(() => drop());

it('numbers every customer’s invoices in one sequence in the order issued, and goes on from there', async () => {
  await sql`insert into organizations (id, name, currency, locale, invoice_counter)
    values ('a', 'A', 'TWD', 'zh-TW', 1002), ('b', 'B', 'TWD', 'zh-TW', 1002)`.execute(db);
  await sql`insert into products (id, name, description) values ('p', 'Plan', '')`.execute(db);
  await sql`insert into prices (product_id, currency, billing_frequency, unit_amount_minor)
    values ('p', 'TWD', 'monthly', 300)`.execute(db);
  await sql`insert into subscriptions (id, organization_id, product_id, price_id, licenses, billing_frequency,
    status, recurring_billing, current_period_start, current_period_end, billing_anchor_day)
    select s.id, s.org, 'p', prices.id, 1, 'monthly', s.status, s.recurring, '2027-01-05', '2027-02-05', 5
    from prices, (values ('sa', 'a', 'active', true), ('sb', 'b', 'disabled', false))
      as s(id, org, status, recurring)`.execute(db);
  const invoice = (id: string, organization: string, number: string, issuedOn: string) =>
    sql`insert into invoices (id, organization_id, subscription_id, number, currency, amount_minor, status,
      issued_on, due_on, period_start, period_end)
      values (${id}, ${organization}, ${`s${organization}`}, ${number}, 'TWD', 300, 'paid', ${issuedOn},
        ${issuedOn}, ${issuedOn}, '2027-02-05')`.execute(db);
  await invoice('a1', 'a', 'INV-1001', '2026-11-05');
  await invoice('b1', 'b', 'INV-1001', '2026-11-20');
  await invoice('a2', 'a', 'INV-1002', '2026-12-05');
  await invoice('b2', 'b', 'INV-1002', '2026-12-05');

  await migrateToLatest(db);
  const numbers = await db.selectFrom('invoices').select(['id', 'number']).orderBy('number').execute();
  expect(numbers).toEqual([
    { id: 'a1', number: 'INV-1001' },
    { id: 'b1', number: 'INV-1002' },
    { id: 'a2', number: 'INV-1003' },
    { id: 'b2', number: 'INV-1004' },
  ]);
  expect(await db.transaction().execute((tx) => takeDocumentNumber(tx, 'invoice'))).toBe('INV-1005');
  // One number, one invoice: the database refuses a second.
  await expect(sql`update invoices set number = 'INV-1001' where id = 'b2'`.execute(db)).rejects.toThrow(
    /unique|duplicate/i,
  );

  const ended = await db.selectFrom('subscriptions').select(['id', 'ended_at']).orderBy('id').execute();
  expect(ended).toEqual([
    { id: 'sa', ended_at: null },
    { id: 'sb', ended_at: expect.any(Date) },
  ]);
});
