import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { providerClient, setupTestApp } from './harness.js';
import { invoicedUsCustomer } from './support/customers.js';

const t = setupTestApp();

async function provider(scope: 'read' | 'read_write' = 'read_write') {
  return (await providerClient(t, { name: 'crm', scope })).call;
}

const taiwanese = {
  name: '艾克米股份有限公司',
  country: 'TW',
  currency: 'TWD',
  locale: 'zh-TW',
  taxRateBp: 500,
  collectionMethod: 'charge_automatically',
} as const;

describe('updating a customer', () => {
  it('changes what is asked, checks a 統一編號, and says what changed once', async () => {
    const call = await provider();
    const acme = (await call('POST', '/organizations', taiwanese)).body;
    const before = await t.snapshot();
    const refused = await call(
      'PATCH',
      `/organizations/${acme.id}`,
      { taxId: '24549211' },
      { 'accept-language': 'zh-TW' },
    );
    expect(refused).toMatchObject({
      status: 400,
      body: { code: 'tax_id_invalid', message: expect.stringContaining('統一編號') },
    });
    expect(
      (await call('PATCH', `/organizations/${acme.id}`, { collectionMethod: 'send_invoice' })).body.code,
      'paid by invoice needs its days',
    ).toBe('validation_failed');
    expect((await call('PATCH', `/organizations/${acme.id}`, { name: '' })).status).toBe(400);
    expect((await call('PATCH', `/organizations/${acme.id}`, { currency: 'USD' })).status).toBe(400);
    expect((await call('PATCH', `/organizations/${randomUUID()}`, { name: 'X' })).status).toBe(404);
    const reader = await provider('read');
    expect((await reader('PATCH', `/organizations/${acme.id}`, { name: 'X' })).status).toBe(403);
    expect(await t.snapshot()).toEqual(before);

    const updated = await call('PATCH', `/organizations/${acme.id}`, {
      taxId: '24549210',
      billingAddress: '100 台北市中正區重慶南路一段 122 號',
      collectionMethod: 'send_invoice',
      daysUntilDue: 15,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      taxId: '24549210',
      collectionMethod: 'send_invoice',
      daysUntilDue: 15,
      currency: 'TWD',
      archivedAt: null,
    });
    expect((await call('GET', `/organizations/${acme.id}`)).body).toEqual(updated.body);
    // Back to the card: no days any more.
    const back = await call('PATCH', `/organizations/${acme.id}`, {
      collectionMethod: 'charge_automatically',
    });
    expect(back.body).toMatchObject({ collectionMethod: 'charge_automatically', daysUntilDue: null });
    // The same again changes nothing, and says nothing.
    await call('PATCH', `/organizations/${acme.id}`, { collectionMethod: 'charge_automatically' });
    const events = await t.db
      .selectFrom('events')
      .select('data')
      .where('type', '=', 'organization.updated')
      .where('organization_id', '=', acme.id)
      .orderBy('sequence')
      .execute();
    expect(events.map((event) => event.data)).toEqual([
      {
        object: updated.body,
        previousAttributes: {
          taxId: null,
          billingAddress: null,
          collectionMethod: 'charge_automatically',
          daysUntilDue: null,
        },
      },
      { object: back.body, previousAttributes: { collectionMethod: 'send_invoice', daysUntilDue: 15 } },
    ]);
  });
});

describe('archiving a customer', () => {
  it('waits until nothing renews, then stops new sales and invitations; restored, it is a customer again', async () => {
    const call = await provider();
    const northwind = (await call('POST', '/organizations', invoicedUsCustomer())).body;
    const product = await call('POST', '/products', {
      name: { enUS: 'Northwind Copilot', zhTW: 'Northwind Copilot 智慧助理' },
      prices: [{ currency: 'USD', billingFrequency: 'monthly', unitAmountMinor: 3_000 }],
    });
    const priceId = product.body.prices[0].id;
    const sold = await call('POST', `/organizations/${northwind.id}/subscriptions`, { priceId, licenses: 1 });
    const refused = await call('POST', `/organizations/${northwind.id}/archive`, undefined, {
      'accept-language': 'zh-TW',
    });
    expect(refused).toMatchObject({
      status: 409,
      body: { code: 'organization_has_subscriptions', message: expect.stringContaining('取消') },
    });

    await call('POST', `/subscriptions/${sold.body.id}/cancel`, { when: 'period_end' });
    const archived = await call('POST', `/organizations/${northwind.id}/archive`);
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    expect(
      (await call('GET', '/organizations?archived=true')).body.items.map((o: { id: string }) => o.id),
    ).toEqual([northwind.id]);
    expect(
      (await call('GET', '/organizations?archived=false')).body.items.some(
        (o: { id: string }) => o.id === northwind.id,
      ),
    ).toBe(false);
    expect(
      (await call('POST', `/organizations/${northwind.id}/subscriptions`, { priceId, licenses: 1 })).body
        .code,
    ).toBe('organization_archived');
    const invite = await call('POST', `/organizations/${northwind.id}/invitations`, {
      email: 'nancy@northwind.example',
      displayName: 'Nancy',
    });
    expect(invite).toMatchObject({ status: 409, body: { code: 'organization_archived' } });
    // Its invoice is still there, still owed.
    expect((await call('GET', `/invoices?organizationId=${northwind.id}`)).body.items).toHaveLength(1);

    const restored = await call('POST', `/organizations/${northwind.id}/restore`);
    expect(restored.body.archivedAt).toBeNull();
    expect(
      (await call('POST', `/organizations/${northwind.id}/subscriptions`, { priceId, licenses: 1 })).status,
    ).toBe(201);
    const changes = await t.db
      .selectFrom('events')
      .select('data')
      .where('type', '=', 'organization.updated')
      .where('organization_id', '=', northwind.id)
      .execute();
    expect(changes).toHaveLength(2);
  });
});
