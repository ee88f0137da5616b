import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runBilling } from '../src/billing/run-billing.js';
import { providerClient, setupTestApp, tokenize } from './harness.js';
import { invoicedUsCustomer } from './support/customers.js';

const t = setupTestApp();

async function provider() {
  return (await providerClient(t, { name: 'sales' })).call;
}

type Call = Awaited<ReturnType<typeof provider>>;

async function copilot(call: Call) {
  const product = await call('POST', '/products', {
    name: { enUS: 'Contoso Copilot', zhTW: 'Contoso Copilot 智慧助理' },
    prices: [
      { currency: 'TWD', billingFrequency: 'monthly', unitAmountMinor: 90_000 },
      { currency: 'USD', billingFrequency: 'monthly', unitAmountMinor: 3_000 },
      { currency: 'USD', billingFrequency: 'annual', unitAmountMinor: 36_000 },
    ],
  });
  const price = (currency: string, billingFrequency = 'monthly') =>
    product.body.prices.find(
      (p: { currency: string; billingFrequency: string }) =>
        p.currency === currency && p.billingFrequency === billingFrequency,
    ).id as string;
  return { productId: product.body.id as string, price };
}

/** A subscription with its invoices and payments (newest first), read as the provider API lists them. */
async function withMoney<T extends { id: string }>(call: Call, subscription: T) {
  const invoices = (await call('GET', `/invoices?subscriptionId=${subscription.id}&limit=100`)).body.items;
  const payments = (await call('GET', `/payments?subscriptionId=${subscription.id}&limit=100`)).body.items;
  return { ...subscription, invoices, payments };
}

async function organizationNamed(call: Call, name: string) {
  const all = (await call('GET', '/organizations?limit=100')).body.items as { id: string; name: string }[];
  const found = all.find((organization) => organization.name === name);
  if (!found) throw new Error(`no organization ${name}`);
  return found.id;
}

describe('subscriptions sold through the provider API', () => {
  it('charges the first invoice to the organization’s card on file at once, and the books balance', async () => {
    const call = await provider();
    const { price } = await copilot(call);
    const contoso = await organizationNamed(call, '康拓科技股份有限公司');
    const created = await call('POST', `/organizations/${contoso}/subscriptions`, {
      priceId: price('TWD'),
      licenses: 10,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'active',
      licenses: 10,
      recurringBilling: true,
      pastDueSince: null,
    });
    // NT$900 × 10 licenses (the demo organization has no tax rate).
    expect((await withMoney(call, created.body)).invoices).toEqual([
      expect.objectContaining({ status: 'paid', amountMinor: 900_000, currency: 'TWD' }),
    ]);
    expect((await withMoney(call, created.body)).payments).toEqual([
      expect.objectContaining({ status: 'succeeded', amountMinor: 900_000 }),
    ]);
    expect(t.gateway.chargeCalls).toBe(1);
    expect(await t.ledgerProblems()).toEqual([]);

    const mei = await t.signIn('mei@contoso.tw');
    // Named in the reader's language: the organization's zh-TW, or the English the browser asks for.
    const seen = (await mei.get('/api/subscriptions')).body.items.find(
      (s: { id: string }) => s.id === created.body.id,
    );
    expect(seen).toMatchObject({ productName: 'Contoso Copilot 智慧助理', licenses: 10, amountDueMinor: 0 });
    const english = (await mei.get('/api/subscriptions', { 'accept-language': 'en-US' })).body.items.find(
      (s: { id: string }) => s.id === created.body.id,
    );
    expect(english.productName).toBe('Contoso Copilot');
    const audit = (await mei.get('/api/audit-log')).body.map((entry: { action: string }) => entry.action);
    expect(audit).toContain('subscription.created');
  });

  it('a declined first charge leaves the subscription past due, for the admins to settle', async () => {
    const call = await provider();
    const { price } = await copilot(call);
    const fabrikam = await organizationNamed(call, 'Fabrikam, Inc.');
    // Sam adds a card that the bank declines: the newest card on file is the one charged.
    const sam = await t.signIn('sam@fabrikam.com');
    const token = (await tokenize(t.app, '4000000000000002')).body.token;
    expect((await sam.send('POST', '/api/payment-methods', { token })).status).toBe(201);
    const created = await call('POST', `/organizations/${fabrikam}/subscriptions`, {
      priceId: price('USD'),
      licenses: 2,
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('expired');
    expect(created.body.pastDueSince).not.toBeNull();
    expect((await withMoney(call, created.body)).payments[0]).toMatchObject({
      status: 'failed',
      failureCode: 'card_declined',
    });
    expect((await withMoney(call, created.body)).invoices[0]).toMatchObject({ status: 'open' });
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('an organization paid by invoice gets its invoice due in its days, and no charge', async () => {
    const call = await provider();
    const { price } = await copilot(call);
    const organization = await call('POST', '/organizations', invoicedUsCustomer());
    const created = await call('POST', `/organizations/${organization.body.id}/subscriptions`, {
      priceId: price('USD', 'annual'),
      licenses: 5,
    });
    const invoice = (await withMoney(call, created.body)).invoices[0];
    expect(invoice).toMatchObject({ status: 'open', amountMinor: 180_000 });
    const days = (Date.parse(invoice.dueOn) - Date.parse(invoice.issuedOn)) / 86_400_000;
    expect(days).toBe(30);
    expect((await withMoney(call, created.body)).payments).toEqual([]);
    expect(t.gateway.chargeCalls).toBe(0);
    const listed = await call('GET', `/organizations/${organization.body.id}/subscriptions`);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([created.body.id]);

    // Unpaid a day after its due date: past due, and dunning never charges a card for it.
    const { runDunning } = await import('../src/billing/run-dunning.js');
    await runDunning({
      db: t.db,
      gateway: t.gateway,
      now: new Date(Date.parse(invoice.dueOn) + 86_400_000 + 3_600_000),
    });
    const overdue = (await call('GET', `/subscriptions/${created.body.id}`)).body;
    expect(overdue).toMatchObject({ status: 'expired', pastDueSince: expect.any(String) });
    await runDunning({
      db: t.db,
      gateway: t.gateway,
      now: new Date(Date.parse(invoice.dueOn) + 5 * 86_400_000),
    });
    // (Dunning retried the demo's own past-due cards; none for this subscription.)
    expect((await withMoney(call, created.body)).payments, 'no card retried').toEqual([]);
  });

  it('refuses a price in another currency, an archived one, and sells once for one Idempotency-Key', async () => {
    const call = await provider();
    const { productId, price } = await copilot(call);
    const contoso = await organizationNamed(call, '康拓科技股份有限公司');
    const otherCurrency = await call('POST', `/organizations/${contoso}/subscriptions`, {
      priceId: price('USD'),
      licenses: 1,
    });
    expect(otherCurrency).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const headers = { 'idempotency-key': `sell-${randomUUID()}` };
    const first = await call(
      'POST',
      `/organizations/${contoso}/subscriptions`,
      { priceId: price('TWD'), licenses: 1 },
      headers,
    );
    const again = await call(
      'POST',
      `/organizations/${contoso}/subscriptions`,
      { priceId: price('TWD'), licenses: 1 },
      headers,
    );
    expect(again.body.id).toBe(first.body.id);
    expect(t.gateway.chargeCalls).toBe(1);
    await call('POST', `/products/${productId}/archive`);
    const archived = await call('POST', `/organizations/${contoso}/subscriptions`, {
      priceId: price('TWD'),
      licenses: 1,
    });
    expect(archived.body.code).toBe('validation_failed');
  });

  it('canceled at the end of the term it expires then instead of renewing; canceled now it is Disabled', async () => {
    const call = await provider();
    const { price } = await copilot(call);
    const contoso = await organizationNamed(call, '康拓科技股份有限公司');
    const created = await call('POST', `/organizations/${contoso}/subscriptions`, {
      priceId: price('TWD'),
      licenses: 3,
    });
    const canceled = await call('POST', `/subscriptions/${created.body.id}/cancel`, { when: 'period_end' });
    expect(canceled.body).toMatchObject({ status: 'active', recurringBilling: false });
    const periodEnd = new Date(`${created.body.currentPeriodEnd}T12:00:00Z`);
    await runBilling({ db: t.db, gateway: t.gateway, now: periodEnd });
    const ended = await withMoney(call, (await call('GET', `/subscriptions/${created.body.id}`)).body);
    expect(ended.status).toBe('expired');
    expect(ended.invoices, 'no renewal invoice').toHaveLength(1);

    const other = await call('POST', `/organizations/${contoso}/subscriptions`, {
      priceId: price('TWD'),
      licenses: 1,
    });
    const now = await call('POST', `/subscriptions/${other.body.id}/cancel`, { when: 'now' });
    expect(now.body).toMatchObject({ status: 'disabled', recurringBilling: false });
    expect(await t.ledgerProblems()).toEqual([]);
  });
});

describe('reactivating', () => {
  it('undoes a cancel at the end of the term; after the term ended or a cancel now, starts a new period charged to the card', async () => {
    const call = await provider();
    const { price } = await copilot(call);
    const contoso = await organizationNamed(call, '康拓科技股份有限公司');
    const created = await call('POST', `/organizations/${contoso}/subscriptions`, {
      priceId: price('TWD'),
      licenses: 2,
    });
    const id = created.body.id;
    await call('POST', `/subscriptions/${id}/cancel`, { when: 'period_end' });
    const undone = await call('POST', `/subscriptions/${id}/reactivate`);
    expect(undone.body).toMatchObject({ status: 'active', recurringBilling: true });
    // Once more: it is already active and renewing, a conflict with its state (not bad input).
    const twice = await call('POST', `/subscriptions/${id}/reactivate`);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('subscription_already_active');
    expect((await withMoney(call, undone.body)).invoices).toHaveLength(1);

    // Canceled now, within the month already paid: back for the rest of it, nothing charged.
    await call('POST', `/subscriptions/${id}/cancel`, { when: 'now' });
    const back = await call('POST', `/subscriptions/${id}/reactivate`);
    expect(back.body).toMatchObject({ status: 'active', recurringBilling: true });
    expect((await withMoney(call, back.body)).invoices).toHaveLength(1);

    // Canceled at the end of the term, which then ends: reactivated a month later, a new period is charged.
    await call('POST', `/subscriptions/${id}/cancel`, { when: 'period_end' });
    const periodEnd = new Date(`${created.body.currentPeriodEnd}T12:00:00Z`);
    await runBilling({ db: t.db, gateway: t.gateway, now: periodEnd });
    expect((await call('GET', `/subscriptions/${id}`)).body.status).toBe('expired');
    const later = new Date(periodEnd.getTime() + 3 * 86_400_000);
    const { reactivateSubscription } = await import('../src/subscriptions/reactivate-subscription.js');
    await reactivateSubscription({
      db: t.db,
      gateway: t.gateway,
      subscriptionId: id,
      by: { apiKeyName: 'sales' },
      now: later,
    });
    const again = await withMoney(call, (await call('GET', `/subscriptions/${id}`)).body);
    const restart = later.toISOString().slice(0, 10);
    expect(again).toMatchObject({ status: 'active', recurringBilling: true, currentPeriodStart: restart });
    expect(again.invoices).toHaveLength(2);
    expect(again.invoices[0]).toMatchObject({ status: 'paid', periodStart: restart });
    expect(again.payments.filter((p: { status: string }) => p.status === 'succeeded')).toHaveLength(2);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('in the admin center: Billing admins cancel and reactivate, Global readers may not', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const reader = await t.signIn('reader@contoso.tw');
    const subscription = (await kevin.get('/api/subscriptions')).body.items.find(
      (s: { amountDueMinor: number }) => s.amountDueMinor === 0,
    );
    expect(
      (await reader.send('POST', `/api/subscriptions/${subscription.id}/cancel`, { when: 'period_end' }))
        .status,
    ).toBe(403);
    const canceled = await kevin.send('POST', `/api/subscriptions/${subscription.id}/cancel`, {
      when: 'period_end',
    });
    expect(canceled.body).toMatchObject({ status: 'active', recurringBilling: false });
    const reactivated = await kevin.send('POST', `/api/subscriptions/${subscription.id}/reactivate`, {});
    expect(reactivated.body).toMatchObject({ status: 'active', recurringBilling: true });
    const audit = (await t.signIn('mei@contoso.tw')).get('/api/audit-log');
    expect((await audit).body.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['subscription.canceled', 'subscription.reactivated']),
    );
  });
});
