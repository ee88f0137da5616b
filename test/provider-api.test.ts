import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { revokeApiKey } from '../src/api-keys/revoke-api-key.js';
import { providerClient, setupTestApp } from './harness.js';

const t = setupTestApp();

async function keyed(scope: 'read' | 'read_write' = 'read_write', name = 'billing-sync') {
  return providerClient(t, { scope, name, prefix: '' });
}

const acme = {
  name: '艾克米股份有限公司',
  country: 'TW',
  currency: 'TWD',
  locale: 'zh-TW',
  taxRateBp: 500,
  taxId: '24549210',
  billingAddress: '100 台北市中正區重慶南路一段 122 號',
  collectionMethod: 'send_invoice',
  daysUntilDue: 30,
};

describe('the provider API', () => {
  it('takes an API key and nothing else; a key opens none of the admin center', async () => {
    const { key } = await keyed();
    const noKey = await t.app.inject({ method: 'GET', url: '/api/provider/v1/organizations' });
    expect(noKey.statusCode).toBe(401);
    expect(JSON.parse(noKey.body)).toMatchObject({ code: 'api_key_invalid', message: expect.any(String) });
    const mei = await t.signIn('mei@contoso.tw');
    expect((await mei.get('/api/provider/v1/organizations')).status, 'a session is not a key').toBe(401);
    expect(noKey.headers['www-authenticate']).toBe('Bearer realm="settle-provider-api"');
    // The scheme's name is case-insensitive.
    const lowercase = await t.app.inject({
      method: 'GET',
      url: '/api/provider/v1/organizations',
      headers: { authorization: `bearer ${key.secret}` },
    });
    expect(lowercase.statusCode).toBe(200);
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/api/provider/v1/organizations',
      headers: { authorization: `Bearer ${key.secret.slice(0, -2)}xx` },
    });
    expect(wrong.statusCode).toBe(401);
    const admin = await t.app.inject({
      method: 'GET',
      url: '/api/subscriptions',
      headers: { authorization: `Bearer ${key.secret}` },
    });
    expect(admin.statusCode, 'a key is not a session').toBe(401);
  });

  it('lists organizations a page at a time, and creates one with its 統一編號 checked', async () => {
    const { call } = await keyed();
    const first = await call('GET', '/api/provider/v1/organizations?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    const second = await call('GET', `/api/provider/v1/organizations?limit=1&after=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    expect(second.body.nextCursor).toBeNull();

    const refused = await call(
      'POST',
      '/api/provider/v1/organizations',
      { ...acme, taxId: '24549211' },
      {
        'accept-language': 'zh-TW',
      },
    );
    expect(refused).toMatchObject({
      status: 400,
      body: { code: 'tax_id_invalid', message: expect.stringContaining('統一編號') },
    });
    const missingTerms = await call('POST', '/api/provider/v1/organizations', {
      ...acme,
      daysUntilDue: undefined,
    });
    expect(missingTerms.body.code).toBe('validation_failed');

    const created = await call('POST', '/api/provider/v1/organizations', acme);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...acme, id: expect.any(String), createdAt: expect.any(String) });
    const read = await call('GET', `/api/provider/v1/organizations/${created.body.id}`);
    expect(read.body).toEqual(created.body);
    const listed = await call('GET', '/api/provider/v1/organizations');
    expect(listed.body.items[0].id, 'newest first').toBe(created.body.id);
  });

  it('replays a write sent twice with one Idempotency-Key: one organization', async () => {
    const { call } = await keyed();
    const headers = { 'idempotency-key': `create-acme-${randomUUID()}` };
    const [a, b] = await Promise.all([
      call('POST', '/api/provider/v1/organizations', acme, headers),
      call('POST', '/api/provider/v1/organizations', acme, headers),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(201);
    expect([201, 409]).toContain(statuses[1]);
    const again = await call('POST', '/api/provider/v1/organizations', acme, headers);
    expect(again.body.id).toBe(a.status === 201 ? a.body.id : b.body.id);
    const all = await t.db.selectFrom('organizations').select('id').where('name', '=', acme.name).execute();
    expect(all).toHaveLength(1);
  });

  it('a read-only key reads but changes nothing; a revoked key stops at once; every call is written down', async () => {
    const reader = await keyed('read', 'reporting');
    expect((await reader.call('GET', '/api/provider/v1/organizations')).status).toBe(200);
    const write = await reader.call('POST', '/api/provider/v1/organizations', acme);
    expect(write).toMatchObject({ status: 403, body: { code: 'api_key_read_only' } });
    await revokeApiKey({ db: t.db, idOrPrefix: reader.key.prefix });
    expect((await reader.call('GET', '/api/provider/v1/organizations')).status).toBe(401);

    const log = await t.db
      .selectFrom('provider_audit_log')
      .select(['key_name', 'method', 'path', 'status'])
      .orderBy('id')
      .execute();
    expect(log).toEqual([
      { key_name: 'reporting', method: 'GET', path: '/api/provider/v1/organizations', status: 200 },
      { key_name: 'reporting', method: 'POST', path: '/api/provider/v1/organizations', status: 403 },
    ]);
    const stored = await t.db.selectFrom('api_keys').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(reader.key.secret);
    expect(stored[0]?.last_used_at).not.toBeNull();
  });

  it('is documented in the OpenAPI with its own tag and a bearer scheme', async () => {
    const spec = JSON.parse((await t.app.inject({ method: 'GET', url: '/docs/json' })).body);
    expect(spec.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(spec.paths['/api/provider/v1/organizations'].post).toMatchObject({
      tags: ['provider'],
      security: [{ apiKey: [] }],
    });
  });
});

describe('the catalogue through the provider API', () => {
  const suite = {
    name: { enUS: 'Contoso Copilot', zhTW: 'Contoso Copilot 智慧助理' },
    description: 'AI assistant, per license',
    prices: [
      { currency: 'TWD', billingFrequency: 'monthly', unitAmountMinor: 90_000 },
      { currency: 'TWD', billingFrequency: 'annual', unitAmountMinor: 1_080_000 },
      { currency: 'USD', billingFrequency: 'monthly', unitAmountMinor: 3_000 },
      { currency: 'USD', billingFrequency: 'annual', unitAmountMinor: 36_000 },
    ],
  };

  it('adds a product named in both languages with TWD and USD prices; TWD prices are whole dollars', async () => {
    const { call } = await keyed();
    const cents = await call('POST', '/api/provider/v1/products', {
      ...suite,
      prices: [{ currency: 'TWD', billingFrequency: 'monthly', unitAmountMinor: 90_050 }],
    });
    expect(cents.body.code).toBe('validation_failed');
    const twice = await call('POST', '/api/provider/v1/products', {
      ...suite,
      prices: [suite.prices[0], suite.prices[0]],
    });
    expect(twice.body.code).toBe('validation_failed');
    const created = await call('POST', '/api/provider/v1/products', suite);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: suite.name, archivedAt: null });
    expect(created.body.prices).toHaveLength(4);
    const listed = await call('GET', '/api/provider/v1/products?limit=100');
    expect(listed.body.items.map((p: { id: string }) => p.id)).toContain(created.body.id);

    await call('POST', `/api/provider/v1/products/${created.body.id}/archive`);
    const active = await call('GET', '/api/provider/v1/products?limit=100');
    expect(active.body.items.map((p: { id: string }) => p.id)).not.toContain(created.body.id);
    const all = await call('GET', '/api/provider/v1/products?limit=100&includeArchived=true');
    expect(all.body.items.map((p: { id: string }) => p.id)).toContain(created.body.id);
    // An archived product takes no new price: a conflict with its state, not bad input.
    const priced = await call('POST', `/api/provider/v1/products/${created.body.id}/prices`, suite.prices[0]);
    expect(priced.status).toBe(409);
    expect(priced.body.code).toBe('product_archived');
  });

  it('a new price leaves existing subscriptions at theirs; a switch of frequency takes the new one', async () => {
    const { call } = await keyed();
    const mei = await t.signIn('mei@contoso.tw');
    const subscription =
      (await mei.get('/api/subscriptions')).body.items.find(
        (s: { productName: string; billingFrequency: string }) =>
          s.productName === 'Contoso Workplace Business Standard' && s.billingFrequency === 'monthly',
      ) ?? (await mei.get('/api/subscriptions')).body.items[0];
    const before = (await mei.get(`/api/subscriptions/${subscription.id}/renewal`)).body;
    const productId = (
      await t.db
        .selectFrom('subscriptions')
        .select('product_id')
        .where('id', '=', subscription.id)
        .executeTakeFirstOrThrow()
    ).product_id;
    const other = before.billingFrequency === 'monthly' ? 'annual' : 'monthly';
    const beforeOther = (
      await mei.get(`/api/subscriptions/${subscription.id}/renewal?billingFrequency=${other}`)
    ).body;

    for (const billingFrequency of ['monthly', 'annual']) {
      const raised = await call('POST', `/api/provider/v1/products/${productId}/prices`, {
        currency: 'TWD',
        billingFrequency,
        unitAmountMinor: 2_000_000,
      });
      expect(raised.status).toBe(200);
    }
    const after = (await mei.get(`/api/subscriptions/${subscription.id}/renewal`)).body;
    expect(after.totalMinor, 'the subscription renews at its own price').toBe(before.totalMinor);
    const afterOther = (
      await mei.get(`/api/subscriptions/${subscription.id}/renewal?billingFrequency=${other}`)
    ).body;
    expect(afterOther.totalMinor, 'a switch would take today’s price').toBeGreaterThan(
      beforeOther.totalMinor,
    );
    const product = (await call('GET', `/api/provider/v1/products/${productId}`)).body;
    expect(product.prices.filter((p: { archivedAt: string | null }) => p.archivedAt === null)).toHaveLength(
      product.prices.length - 2,
    );
  });
});
