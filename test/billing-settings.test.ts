import { describe, expect, it } from 'vitest';
import { runBilling } from '../src/billing/run-billing.js';
import { setupTestApp } from './harness.js';

const t = setupTestApp();

const defender = 'Contoso Defender for Business';

describe('recurring billing and billing frequency', () => {
  it('previews the next invoice, saves the change, and the renewal bills exactly what was previewed', async () => {
    await t.db.updateTable('organizations').set({ tax_rate_bp: 500 }).where('currency', '=', 'TWD').execute();
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = (await kevin.get('/api/subscriptions')).body.items.find(
      (s: { productName: string }) => s.productName === defender,
    );
    const current = (await kevin.get(`/api/subscriptions/${subscription.id}/renewal`)).body;
    // 25 licenses × NT$99 a month, 5% tax: NT$123.75 is billed as NT$124 (whole New Taiwan dollars).
    expect(current).toMatchObject({
      billingFrequency: 'monthly',
      recurringBilling: true,
      subtotalMinor: 247_500,
      taxMinor: 12_400,
      totalMinor: 259_900,
    });
    const annual = (await kevin.get(`/api/subscriptions/${subscription.id}/renewal?billingFrequency=annual`))
      .body;
    expect(annual).toMatchObject({ billingFrequency: 'annual', subtotalMinor: 2_970_000, taxMinor: 148_500 });
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body.billingFrequency).toBe('monthly'); // a preview saves nothing

    const saved = await kevin.send('PATCH', `/api/subscriptions/${subscription.id}`, {
      billingFrequency: 'annual',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual(annual);
    await runBilling({ db: t.db, gateway: t.gateway, now: new Date(`${annual.nextInvoiceDate}T06:00:00Z`) });
    const invoice = await t.db
      .selectFrom('invoices')
      .select(['amount_minor', 'tax_minor', 'period_start', 'period_end'])
      .where('subscription_id', '=', subscription.id)
      .executeTakeFirstOrThrow();
    expect(invoice).toEqual({
      amount_minor: BigInt(annual.totalMinor),
      tax_minor: BigInt(annual.taxMinor),
      period_start: annual.nextInvoiceDate,
      period_end: annual.periodEnd,
    });
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('with recurring billing off, no renewal invoice comes', async () => {
    const mei = await t.signIn('mei@contoso.tw');
    const subscription = (await mei.get('/api/subscriptions')).body.items.find(
      (s: { productName: string }) => s.productName === defender,
    );
    const off = await mei.send('PATCH', `/api/subscriptions/${subscription.id}`, { recurringBilling: false });
    expect(off.body).toMatchObject({ recurringBilling: false, nextInvoiceDate: null });
    await runBilling({ db: t.db, gateway: t.gateway, now: new Date(Date.now() + 40 * 86_400_000) });
    expect(
      await t.db.selectFrom('invoices').select('id').where('subscription_id', '=', subscription.id).execute(),
    ).toEqual([]);
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', subscription.id)
      .execute();
    expect(actions.map((a) => a.action)).toContain('subscription.billing_settings_changed');
  });

  it('lets a Global reader preview but not change, and keeps other organizations out', async () => {
    const reader = await t.signIn('reader@contoso.tw');
    const subscription = (await reader.get('/api/subscriptions')).body.items.find(
      (s: { productName: string }) => s.productName === defender,
    );
    expect((await reader.get(`/api/subscriptions/${subscription.id}/renewal`)).status).toBe(200);
    const before = await t.snapshot();
    expect(
      (await reader.send('PATCH', `/api/subscriptions/${subscription.id}`, { recurringBilling: false })).body
        .code,
    ).toBe('permission_denied');
    const alex = await t.signIn('alex@fabrikam.com');
    expect(
      (await alex.send('PATCH', `/api/subscriptions/${subscription.id}`, { recurringBilling: false })).body
        .code,
    ).toBe('subscription_not_found');
    expect((await alex.get(`/api/subscriptions/${subscription.id}/renewal`)).status).toBe(404);
    expect(
      (await reader.get(`/api/subscriptions/${subscription.id}/renewal?billingFrequency=weekly`)).body.code,
    ).toBe('validation_failed');
    expect(await t.snapshot()).toEqual(before);
  });
});
