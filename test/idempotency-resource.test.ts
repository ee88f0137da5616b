import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { providerClient, setupTestApp } from './harness.js';

// Idempotency with the resource: the key's record names the sale in the transaction that saves it, so
// a retry after any failure of the answer (a 5xx, a crash) finds that sale instead of making another.

const t = setupTestApp();

async function counts() {
  const row = await sql<{ subscriptions: string; invoices: string }>`select
    (select count(*) from subscriptions) as subscriptions, (select count(*) from invoices) as invoices`.execute(
    t.db,
  );
  return row.rows[0];
}

async function usdPrice(call: Awaited<ReturnType<typeof providerClient>>['call'], unitAmountMinor: number) {
  const product = await call('POST', '/products', {
    name: { enUS: 'Big Plan', zhTW: '大方案' },
    prices: [{ currency: 'USD', billingFrequency: 'monthly', unitAmountMinor }],
  });
  expect(product.status).toBe(201);
  return product.body.prices[0].id as string;
}

async function fabrikam(call: Awaited<ReturnType<typeof providerClient>>['call']) {
  const all = (await call('GET', '/organizations?limit=100')).body.items as { id: string; name: string }[];
  return all.find((organization) => organization.name === 'Fabrikam, Inc.')?.id as string;
}

describe('a sale and its Idempotency-Key', () => {
  it('refuses a sale whose invoice would pass the largest amount before saving anything, and again on retry', async () => {
    const { call } = await providerClient(t);
    const priceId = await usdPrice(call, 99_999_999_999);
    const organizationId = await fabrikam(call);
    const before = await counts();
    const headers = { 'idempotency-key': 'sale-too-large-0001' };
    const body = { priceId, licenses: 100_000 };
    const first = await call('POST', `/organizations/${organizationId}/subscriptions`, body, headers);
    expect(first.status).toBe(400);
    expect(first.body).toMatchObject({
      code: 'validation_failed',
      field: 'licenses',
      reason: 'amount_too_large',
    });
    const retry = await call('POST', `/organizations/${organizationId}/subscriptions`, body, headers);
    expect(retry.status).toBe(400);
    expect(await counts()).toEqual(before);
    // The customer's lists still answer.
    expect((await call('GET', `/organizations/${organizationId}/subscriptions`)).status).toBe(200);
  });

  it('after a crash between the commit and the answer, the retry answers with the sale it saved', async () => {
    const { call } = await providerClient(t);
    const priceId = await usdPrice(call, 3_000);
    const organizationId = await fabrikam(call);
    const headers = { 'idempotency-key': 'sale-crashed-00001' };
    const body = { priceId, licenses: 3 };
    const first = await call('POST', `/organizations/${organizationId}/subscriptions`, body, headers);
    expect(first.status).toBe(201);
    const after = await counts();
    // What a kill -9 after the commit leaves, once its claim's lease has run out: the key's record
    // still in progress, with no answer kept, but naming the sale its transaction saved.
    const crashed = await t.db
      .updateTable('idempotency_keys')
      .set({ state: 'in_progress', response_status: null, response_body: null, locked_at: new Date(0) })
      .where('resource_id', '=', first.body.id)
      .executeTakeFirst();
    expect(crashed.numUpdatedRows).toBe(1n);
    const retry = await call('POST', `/organizations/${organizationId}/subscriptions`, body, headers);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(await counts()).toEqual(after);
    // And the answer is now kept: a third try is a replay.
    const third = await call('POST', `/organizations/${organizationId}/subscriptions`, body, headers);
    expect(third.body.id).toBe(first.body.id);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  for (const [path, table, body] of [
    [
      '/organizations',
      'organizations',
      {
        name: 'Northwind 股份有限公司',
        country: 'TW',
        currency: 'TWD',
        locale: 'zh-TW',
        taxRateBp: 500,
        collectionMethod: 'charge_automatically',
      },
    ],
    [
      '/products',
      'products',
      {
        name: { enUS: 'Crash Plan', zhTW: '當機方案' },
        prices: [{ currency: 'TWD', billingFrequency: 'monthly', unitAmountMinor: 300 }],
      },
    ],
  ] as const) {
    it(`POST ${path}: after a crash between the commit and the answer, the retry answers with what it saved`, async () => {
      const { call } = await providerClient(t);
      const headers = { 'idempotency-key': `crashed-${table}-0001` };
      const first = await call('POST', path, body, headers);
      expect(first.status).toBe(201);
      const count = async () =>
        (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.db)).rows[0]?.n;
      const after = await count();
      await t.db
        .updateTable('idempotency_keys')
        .set({ state: 'in_progress', response_status: null, response_body: null, locked_at: new Date(0) })
        .where('resource_id', '=', first.body.id)
        .execute();
      const retry = await call('POST', path, body, headers);
      expect(retry.status).toBe(201);
      expect(retry.body.id).toBe(first.body.id);
      expect(await count()).toBe(after);
    });
  }
});
