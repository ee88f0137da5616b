import { describe, expect, it } from 'vitest';
import { runBilling } from '../src/billing/run-billing.js';
import { providerClient, setupTestApp } from './harness.js';

const t = setupTestApp();

async function provider() {
  return (await providerClient(t, { name: 'sales' })).call;
}

type Call = Awaited<ReturnType<typeof provider>>;

/** Two plans in TWD, monthly and annual, and Contoso (paying by card) on the smaller one, monthly. */
async function contosoOnStandard(call: Call) {
  const product = async (name: string, monthly: number, annual: number) =>
    (
      await call('POST', '/products', {
        name: { enUS: name, zhTW: name },
        prices: [
          { currency: 'TWD', billingFrequency: 'monthly', unitAmountMinor: monthly },
          { currency: 'TWD', billingFrequency: 'annual', unitAmountMinor: annual },
          { currency: 'USD', billingFrequency: 'monthly', unitAmountMinor: 1_000 },
        ],
      })
    ).body;
  const standard = await product('Copilot Standard', 30_000, 300_000);
  const premium = await product('Copilot Premium', 60_000, 600_000);
  const price = (
    p: { prices: { id: string; currency: string; billingFrequency: string }[] },
    currency: string,
    frequency: string,
  ) => p.prices.find((x) => x.currency === currency && x.billingFrequency === frequency)?.id as string;
  const organizations = (await call('GET', '/organizations?limit=100')).body.items as {
    id: string;
    name: string;
  }[];
  const contoso = organizations.find((o) => o.name === '康拓科技股份有限公司')?.id as string;
  const sold = await call('POST', `/organizations/${contoso}/subscriptions`, {
    priceId: price(standard, 'TWD', 'monthly'),
    licenses: 2,
  });
  expect(sold.status).toBe(201);
  return { contoso, subscription: sold.body, standard, premium, price };
}

describe('the seller switches a subscription’s plan', () => {
  it('up, now: the preview says what the days left cost, and exactly that is invoiced and charged', async () => {
    const call = await provider();
    const { subscription, premium, price } = await contosoOnStandard(call);
    const asked = { priceId: price(premium, 'TWD', 'monthly'), when: 'now' };
    const preview = await call(
      'GET',
      `/subscriptions/${subscription.id}/price-switch/preview?priceId=${asked.priceId}&when=now`,
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ direction: 'charge', currency: 'TWD', renewalTotalMinor: 120_000 });
    expect(preview.body.amountMinor).toBeGreaterThan(0);
    const charges = t.gateway.chargeCalls;
    const switched = await call('POST', `/subscriptions/${subscription.id}/price-switch`, asked);
    expect(switched.status).toBe(200);
    expect(switched.body).toMatchObject({ priceId: asked.priceId, productId: premium.id });
    const invoices = (await call('GET', `/invoices?subscriptionId=${subscription.id}`)).body.items;
    const proration = invoices.find((invoice: { kind: string }) => invoice.kind === 'proration');
    expect(proration).toMatchObject({ amountMinor: preview.body.amountMinor, status: 'paid' });
    expect(t.gateway.chargeCalls).toBe(charges + 1);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('down, now: the difference for the days left is credited to the balance, which pays what the customer owes', async () => {
    const call = await provider();
    const { contoso, subscription, standard, premium, price } = await contosoOnStandard(call);
    await call('POST', `/subscriptions/${subscription.id}/price-switch`, {
      priceId: price(premium, 'TWD', 'monthly'),
      when: 'now',
    });
    const down = { priceId: price(standard, 'TWD', 'monthly'), when: 'now' };
    const preview = await call(
      'GET',
      `/subscriptions/${subscription.id}/price-switch/preview?priceId=${down.priceId}&when=now`,
    );
    expect(preview.body.direction).toBe('credit');
    const kevin = await t.signIn('kevin@contoso.tw');
    const owedBefore = (await kevin.get('/api/billing/summary')).body.outstandingMinor;
    await call('POST', `/subscriptions/${subscription.id}/price-switch`, down);
    const notes = (await call('GET', `/credit-notes?organizationId=${contoso}`)).body.items;
    expect(notes[0]).toMatchObject({ kind: 'customer_balance', amountMinor: preview.body.amountMinor });
    // Contoso still owes its demo invoices: the credit pays the oldest of them at once.
    const after = (await kevin.get('/api/billing/summary')).body;
    expect(after.outstandingMinor).toBe(owedBefore - preview.body.amountMinor);
    expect(after.creditBalanceMinor).toBe(0);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('to annual at the period’s end: nothing billed now, the next renewal bills the new price', async () => {
    const call = await provider();
    const { subscription, standard, price } = await contosoOnStandard(call);
    const annual = price(standard, 'TWD', 'annual');
    const switched = await call('POST', `/subscriptions/${subscription.id}/price-switch`, {
      priceId: annual,
      when: 'period_end',
    });
    expect(switched.body).toMatchObject({ priceId: annual, billingFrequency: 'annual' });
    expect((await call('GET', `/invoices?subscriptionId=${subscription.id}`)).body.items).toHaveLength(1);
    await runBilling({
      db: t.db,
      gateway: t.gateway,
      now: new Date(`${subscription.currentPeriodEnd}T12:00:00Z`),
    });
    const renewal = (await call('GET', `/invoices?subscriptionId=${subscription.id}`)).body.items.find(
      (invoice: { periodStart: string }) => invoice.periodStart === subscription.currentPeriodEnd,
    );
    expect(renewal).toMatchObject({ amountMinor: 600_000, kind: 'renewal' });
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('refuses what cannot be switched, in the reader’s language, and changes nothing', async () => {
    const call = await provider();
    const { subscription, standard, premium, price } = await contosoOnStandard(call);
    const before = await t.snapshot();
    const refuse = (priceId: string, when: string) =>
      call(
        'POST',
        `/subscriptions/${subscription.id}/price-switch`,
        { priceId, when },
        { 'accept-language': 'zh-TW' },
      );
    expect((await refuse(price(standard, 'USD', 'monthly'), 'now')).body.code).toBe('currency_mismatch');
    expect((await refuse(price(premium, 'TWD', 'annual'), 'now')).body.code, 'frequency at period end').toBe(
      'validation_failed',
    );
    expect(
      (await refuse(price(premium, 'TWD', 'monthly'), 'period_end')).body.code,
      'another product now',
    ).toBe('validation_failed');
    // Its own price: nothing to switch, and nothing changes.
    expect((await refuse(price(standard, 'TWD', 'monthly'), 'now')).status).toBe(200);
    expect((await refuse(subscription.id, 'now')).status).toBe(404);
    expect((await refuse(price(premium, 'TWD', 'monthly'), 'tomorrow')).status).toBe(400);
    expect(await t.snapshot()).toEqual(before);
  });
});
