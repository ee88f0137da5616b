import { describe, expect, it } from 'vitest';
import { runBilling } from '../src/billing/run-billing.js';
import { premium, setupTestApp, type TestApp } from './harness.js';

const t = setupTestApp();

const defender = 'Contoso Defender for Business';

async function defenderOf(client: Awaited<ReturnType<TestApp['signIn']>>) {
  return (await client.get('/api/subscriptions')).body.items.find(
    (s: { productName: string }) => s.productName === defender,
  );
}

describe('changing the number of licenses', () => {
  it('bills added licenses now, prorated to the days left, and the next renewal for the new count', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await defenderOf(kevin);
    const row = await t.db
      .selectFrom('subscriptions')
      .select(['current_period_start', 'current_period_end'])
      .where('id', '=', subscription.id)
      .executeTakeFirstOrThrow();
    const preview = (await kevin.get(`/api/subscriptions/${subscription.id}/licenses?licenses=30`)).body;
    const daysInPeriod = Math.round(
      (Date.parse(row.current_period_end) - Date.parse(row.current_period_start)) / 86_400_000,
    );
    const eachProrated = Math.round((9900 * preview.daysLeft) / daysInPeriod);
    expect(preview).toMatchObject({
      previousLicenses: 25,
      licenses: 30,
      prorationTotalMinor: 5 * eachProrated,
      renewalTotalMinor: 30 * 9900,
      payment: null,
    });
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body.licenses).toBe(25); // a preview saves nothing

    const changed = await kevin.send('PUT', `/api/subscriptions/${subscription.id}/licenses`, {
      licenses: 30,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ ...preview, payment: 'succeeded' });
    const invoice = await t.db
      .selectFrom('invoices')
      .selectAll()
      .where('subscription_id', '=', subscription.id)
      .executeTakeFirstOrThrow();
    expect(invoice).toMatchObject({
      kind: 'proration',
      licenses: 5,
      unit_amount_minor: BigInt(eachProrated),
      status: 'paid',
      period_end: row.current_period_end,
    });
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body).toMatchObject({
      licenses: 30,
      status: 'active',
      amountDueMinor: 0,
    });

    await runBilling({ db: t.db, gateway: t.gateway, now: new Date(`${row.current_period_end}T06:00:00Z`) });
    const renewal = await t.db
      .selectFrom('invoices')
      .select(['amount_minor', 'licenses'])
      .where('subscription_id', '=', subscription.id)
      .where('kind', '=', 'renewal')
      .executeTakeFirstOrThrow();
    expect(renewal).toEqual({ amount_minor: 297_000n, licenses: 30 });
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('applies two changes made at the same moment one after the other, each billing only what it adds', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const mei = await t.signIn('mei@contoso.tw');
    const subscription = await defenderOf(kevin);
    const [a, b] = await Promise.all([
      kevin.send('PUT', `/api/subscriptions/${subscription.id}/licenses`, { licenses: 30 }),
      mei.send('PUT', `/api/subscriptions/${subscription.id}/licenses`, { licenses: 28 }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const final = (await kevin.get(`/api/subscriptions/${subscription.id}`)).body;
    expect([28, 30]).toContain(final.licenses);
    const invoices = await t.db
      .selectFrom('invoices')
      .select(['licenses', 'status'])
      .where('subscription_id', '=', subscription.id)
      .execute();
    // Whoever came second started from the first one's count: 30 then 28 bills 5, 28 then 30 bills 3 + 2.
    // Computed from the stale 25 both times, it would have billed 8.
    const billed = invoices.reduce((sum, invoice) => sum + (invoice.licenses ?? 0), 0);
    expect(billed).toBe(5);
    expect(invoices.every((invoice) => invoice.status === 'paid')).toBe(true);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('takes removed licenses off at the next renewal, with nothing billed now', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await defenderOf(kevin);
    const fewer = await kevin.send('PUT', `/api/subscriptions/${subscription.id}/licenses`, { licenses: 10 });
    expect(fewer.body).toMatchObject({
      licenses: 10,
      prorationTotalMinor: 0,
      renewalTotalMinor: 99_000,
      payment: null,
    });
    expect(
      await t.db.selectFrom('invoices').select('id').where('subscription_id', '=', subscription.id).execute(),
    ).toEqual([]);
  });

  it('refuses to add licenses to a past-due subscription, and a Global reader may only preview', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const pastDue = (await kevin.get('/api/subscriptions')).body.items.find(
      (s: { productName: string }) => s.productName === premium,
    );
    const before = await t.snapshot();
    const grow = await kevin.send('PUT', `/api/subscriptions/${pastDue.id}/licenses`, { licenses: 30 });
    expect(grow.status).toBe(409);
    expect(grow.body.code).toBe('subscription_past_due');
    const reader = await t.signIn('reader@contoso.tw');
    const subscription = await defenderOf(reader);
    expect((await reader.get(`/api/subscriptions/${subscription.id}/licenses?licenses=26`)).status).toBe(200);
    expect(
      (await reader.send('PUT', `/api/subscriptions/${subscription.id}/licenses`, { licenses: 26 })).body
        .code,
    ).toBe('permission_denied');
    expect(
      (await kevin.send('PUT', `/api/subscriptions/${subscription.id}/licenses`, { licenses: 0 })).body.code,
    ).toBe('validation_failed');
    const alex = await t.signIn('alex@fabrikam.com');
    expect(
      (await alex.send('PUT', `/api/subscriptions/${subscription.id}/licenses`, { licenses: 26 })).body.code,
    ).toBe('subscription_not_found');
    expect(await t.snapshot()).toEqual(before);
  });
});
