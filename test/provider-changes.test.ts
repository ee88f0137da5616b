import { describe, expect, it } from 'vitest';
import { providerClient, setupTestApp } from './harness.js';
import { invoicedCustomerWithAdmin } from './support/customers.js';

const t = setupTestApp();

async function provider() {
  return (await providerClient(t, { name: 'sales' })).call;
}

type Call = Awaited<ReturnType<typeof provider>>;

async function contosoSale(call: Call, licenses: number) {
  const product = (
    await call('POST', '/products', {
      name: { enUS: 'Copilot', zhTW: 'Copilot 智慧助理' },
      prices: [{ currency: 'TWD', billingFrequency: 'monthly', unitAmountMinor: 30_000 }],
    })
  ).body;
  const organizations = (await call('GET', '/organizations?limit=100')).body.items as {
    id: string;
    name: string;
  }[];
  const contoso = organizations.find((o) => o.name === '康拓科技股份有限公司')?.id as string;
  const sold = await call('POST', `/organizations/${contoso}/subscriptions`, {
    priceId: product.prices[0].id,
    licenses,
  });
  expect(sold.status).toBe(201);
  return { contoso, subscription: sold.body };
}

describe('the seller changes a subscription’s licenses', () => {
  it('adds licenses: the preview’s figure is invoiced for the days left and charged once, however often it is sent', async () => {
    const call = await provider();
    const { subscription } = await contosoSale(call, 2);
    const preview = await call('GET', `/subscriptions/${subscription.id}/licenses/preview?licenses=5`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      previousLicenses: 2,
      licenses: 5,
      currency: 'TWD',
      renewalTotalMinor: 150_000,
    });
    expect(preview.body.prorationTotalMinor).toBeGreaterThan(0);
    const charges = t.gateway.chargeCalls;
    const key = { 'idempotency-key': 'licenses-to-5' };
    const changed = await call('POST', `/subscriptions/${subscription.id}/licenses`, { licenses: 5 }, key);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: subscription.id, licenses: 5 });
    expect(await call('POST', `/subscriptions/${subscription.id}/licenses`, { licenses: 5 }, key)).toEqual(
      changed,
    );
    const invoices = (await call('GET', `/invoices?subscriptionId=${subscription.id}`)).body.items;
    const prorations = invoices.filter((invoice: { kind: string }) => invoice.kind === 'proration');
    expect(prorations).toHaveLength(1);
    expect(prorations[0]).toMatchObject({ amountMinor: preview.body.prorationTotalMinor, status: 'paid' });
    expect(t.gateway.chargeCalls).toBe(charges + 1);
    const events = (await call('GET', '/events?type=subscription.updated')).body.items;
    expect(events[0].data).toMatchObject({
      object: { id: subscription.id, licenses: 5 },
      previousAttributes: { licenses: 2 },
    });
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('removes licenses: nothing billed now, the next renewal bills fewer', async () => {
    const call = await provider();
    const { subscription } = await contosoSale(call, 4);
    const invoicesBefore = (await call('GET', `/invoices?subscriptionId=${subscription.id}`)).body.items;
    const changed = await call('POST', `/subscriptions/${subscription.id}/licenses`, { licenses: 1 });
    expect(changed.body.licenses).toBe(1);
    expect((await call('GET', `/invoices?subscriptionId=${subscription.id}`)).body.items).toEqual(
      invoicesBefore,
    );
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('a customer paying by invoice is invoiced for added licenses, due in its days, and never charged', async () => {
    const call = await provider();
    const northwind = await invoicedCustomerWithAdmin(t, call, {
      name: 'Northwind Traders',
      email: 'nancy@northwind.example',
    });
    const sold = await call('POST', `/organizations/${northwind.organizationId}/subscriptions`, {
      priceId: northwind.priceId,
      licenses: 1,
    });
    const charges = t.gateway.chargeCalls;
    await call('POST', `/subscriptions/${sold.body.id}/licenses`, { licenses: 3 });
    const proration = (await call('GET', `/invoices?subscriptionId=${sold.body.id}`)).body.items.find(
      (invoice: { kind: string }) => invoice.kind === 'proration',
    );
    expect(proration.status).toBe('open');
    const days = (Date.parse(proration.dueOn) - Date.parse(proration.issuedOn)) / 86_400_000;
    expect(days).toBe(30);
    expect(t.gateway.chargeCalls).toBe(charges);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('refuses a count out of range or an unknown subscription, and changes nothing', async () => {
    const call = await provider();
    const { subscription } = await contosoSale(call, 2);
    const before = await t.snapshot();
    for (const licenses of [0, -1, 100_001, 1.5]) {
      const refused = await call('POST', `/subscriptions/${subscription.id}/licenses`, { licenses });
      expect([refused.status, refused.body.code]).toEqual([400, 'validation_failed']);
    }
    const preview = await call('GET', `/subscriptions/${subscription.id}/licenses/preview?licenses=zero`);
    expect([preview.status, preview.body.code]).toEqual([400, 'validation_failed']);
    const unknown = await call('POST', '/subscriptions/00000000-0000-4000-8000-000000000000/licenses', {
      licenses: 3,
    });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'subscription_not_found']);
    expect(await t.snapshot()).toEqual(before);
  });
});

describe('the provider lists subscriptions across customers', () => {
  it('filters by customer, status and change time, and pages without skipping or repeating', async () => {
    const call = await provider();
    const all: { id: string }[] = [];
    let after = '';
    for (;;) {
      const page = (await call('GET', `/subscriptions?limit=2${after ? `&after=${after}` : ''}`)).body;
      all.push(...page.items);
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    const total = await t.db
      .selectFrom('subscriptions')
      .select(t.db.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(all).toHaveLength(Number(total.n));
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);

    const disabled = (await call('GET', '/subscriptions?status=disabled&limit=100')).body.items;
    expect(disabled.every((s: { status: string }) => s.status === 'disabled')).toBe(true);

    const since = new Date().toISOString();
    expect(
      (await call('GET', `/subscriptions?updatedSince=${encodeURIComponent(since)}`)).body.items,
    ).toEqual([]);
    const { contoso, subscription } = await contosoSale(call, 2);
    await call('POST', `/subscriptions/${subscription.id}/licenses`, { licenses: 3 });
    const changed = (await call('GET', `/subscriptions?updatedSince=${encodeURIComponent(since)}`)).body
      .items;
    expect(changed.map((s: { id: string }) => s.id)).toEqual([subscription.id]);
    const mine = (await call('GET', `/subscriptions?organizationId=${contoso}&limit=100`)).body.items;
    expect(mine.every((s: { organizationId: string }) => s.organizationId === contoso)).toBe(true);
    const bad = await call('GET', '/subscriptions?updatedSince=yesterday');
    expect([bad.status, bad.body.code]).toEqual([400, 'validation_failed']);
    const nobody = await call('GET', '/subscriptions?organizationId=00000000-0000-4000-8000-000000000000');
    expect(nobody.status).toBe(404);
  });
});

describe('the seller’s dunning policy, and a customer’s own', () => {
  it('reads Settle’s default, sets its own, and gives one customer another; bad policies change nothing', async () => {
    const call = await provider();
    expect((await call('GET', '/dunning-policy')).body).toEqual({
      retryDays: [3, 5, 7, 14, 21, 28],
      disabledAfterDays: 30,
      deletedAfterDays: 120,
    });
    const mine = { retryDays: [2, 4, 8], disabledAfterDays: 14, deletedAfterDays: null };
    expect((await call('PUT', '/dunning-policy', mine)).body).toEqual(mine);
    expect((await call('GET', '/dunning-policy')).body).toEqual(mine);
    const refused = [
      { ...mine, retryDays: [4, 2] },
      { ...mine, deletedAfterDays: 14 },
      { ...mine, retryDays: [2, 40], deletedAfterDays: 30 },
      { ...mine, disabledAfterDays: 0 },
    ];
    for (const policy of refused) {
      const answer = await call('PUT', '/dunning-policy', policy);
      expect([answer.status, answer.body.code], JSON.stringify(policy)).toEqual([400, 'validation_failed']);
    }
    expect((await call('GET', '/dunning-policy')).body).toEqual(mine);

    const organizations = (await call('GET', '/organizations?limit=100')).body.items as {
      id: string;
      name: string;
    }[];
    const contoso = organizations.find((o) => o.name === '康拓科技股份有限公司')?.id as string;
    expect((await call('GET', `/organizations/${contoso}`)).body.dunningPolicy).toBeNull();
    const own = { retryDays: [1], disabledAfterDays: 45, deletedAfterDays: 90 };
    const patched = await call('PATCH', `/organizations/${contoso}`, { dunningPolicy: own });
    expect(patched.body.dunningPolicy).toEqual(own);
    const bad = await call('PATCH', `/organizations/${contoso}`, {
      dunningPolicy: { ...own, deletedAfterDays: 30 },
    });
    expect([bad.status, bad.body.code]).toEqual([400, 'validation_failed']);
    const events = (await call('GET', '/events?type=organization.updated')).body.items;
    expect(events[0].data.previousAttributes).toEqual({ dunningPolicy: null });
    expect(
      (await call('PATCH', `/organizations/${contoso}`, { dunningPolicy: null })).body.dunningPolicy,
    ).toBeNull();
  });
});
