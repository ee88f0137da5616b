import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBilling } from '../src/billing/run-billing.js';
import { buildApp } from '../src/http/app.js';
import { checkLedger } from '../src/ledger/check-ledger.js';
import { deliverDueWebhooks, type WebhookSettings } from '../src/webhooks/deliver-due-webhooks.js';
import { sameHost } from '../src/webhooks/webhook-address.js';
import {
  premium,
  providerClient,
  setupTestApp,
  subscriptionByProduct,
  testSecretKey,
  tokenize,
} from './harness.js';
import { invoicedUsCustomer } from './support/customers.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

const t = setupTestApp('test', { webhookAllowedRanges: sameHost });
const settings: WebhookSettings = {
  secretKey: testSecretKey,
  timeoutMs: 2000,
  retryBaseMs: 5000,
  allowedRanges: sameHost,
};
let secrets: string[] = [];
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
beforeAll(async () => {
  receiver = await startWebhookReceiver({ secrets: () => secrets });
});
afterAll(() => receiver.close());

const minutes = (n: number) => n * 60_000;
const at = (from: Date, ms: number) => () => new Date(from.getTime() + ms);
const deliver = (options: { now?: () => Date; settings?: Partial<WebhookSettings> } = {}) =>
  deliverDueWebhooks({ db: t.db, settings: { ...settings, ...options.settings }, now: options.now });

async function endpointFor(eventTypes: string[]) {
  const { call } = await providerClient(t);
  const created = await call('POST', '/webhook-endpoints', {
    url: receiver.url,
    eventTypes,
    description: 'CRM sync',
  });
  expect(created.status).toBe(201);
  expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
  secrets = [created.body.secret];
  receiver.all.length = 0;
  receiver.processed.clear();
  receiver.answerWith(() => ({ status: 200 }));
  return { call, endpoint: created.body.endpoint as { id: string }, secret: created.body.secret as string };
}

async function newCustomer(call: Awaited<ReturnType<typeof providerClient>>['call']) {
  const organization = await call('POST', '/organizations', invoicedUsCustomer());
  expect(organization.status).toBe(201);
  return organization.body.id as string;
}

describe('webhooks', () => {
  it('sends each change, signed per Standard Webhooks, once it has committed; the delivery log shows it', async () => {
    const { call, endpoint, secret } = await endpointFor(['organization.created']);
    const organizationId = await newCustomer(call);
    expect(await deliver()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(receiver.all).toHaveLength(1);
    const [received] = receiver.all;
    expect(received?.verifiedWith).toEqual([secret]);
    expect(received?.body).toMatchObject({
      type: 'organization.created',
      apiVersion: '2026-11-01',
      organizationId,
      data: {
        object: { object: 'organization', id: organizationId, name: 'Northwind Traders', currency: 'USD' },
      },
    });
    expect(received?.webhookId).toBe(received?.body.id);
    const log = await call('GET', `/webhook-endpoints/${endpoint.id}/attempts`);
    expect(log.body.items).toEqual([
      expect.objectContaining({
        eventType: 'organization.created',
        attempt: 1,
        statusCode: 200,
        deliveryStatus: 'succeeded',
      }),
    ]);
    expect(log.body.items[0].latencyMs).toBeGreaterThanOrEqual(0);
    // Nothing else is sent: the endpoint asked for one type only.
    expect(await deliver()).toMatchObject({ claimed: 0 });
  });

  it('shows a signing secret once: a repeat of the same Idempotency-Key gets the same endpoint without it', async () => {
    const { call } = await providerClient(t);
    const body = { url: receiver.url, eventTypes: ['invoice.paid'] };
    const headers = { 'idempotency-key': 'endpoint-crm-1' };
    const first = await call('POST', '/webhook-endpoints', body, headers);
    const again = await call('POST', '/webhook-endpoints', body, headers);
    expect(first.body.secret).toMatch(/^whsec_/);
    expect(again).toMatchObject({
      status: 201,
      body: { endpoint: { id: first.body.endpoint.id }, secret: null },
    });
    const kept = await t.db.selectFrom('idempotency_keys').select('response_body').execute();
    expect(JSON.stringify(kept)).not.toContain(first.body.secret.slice(6));
    const endpoints = await call('GET', '/webhook-endpoints');
    expect(endpoints.body.items).toHaveLength(1);
  });

  it('writes no event for a change that rolled back', async () => {
    const before = await t.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    await t.db
      .transaction()
      .execute(async (tx) => {
        await tx
          .insertInto('organizations')
          .values({
            id: crypto.randomUUID(),
            name: 'Never',
            currency: 'USD',
            locale: 'en-US',
            country: 'US',
            billing_address: null,
            tax_id: null,
            days_until_due: null,
          })
          .execute();
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    const after = await t.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('retries a failing endpoint with backoff and the same webhook-id, logging each answer’s first KB', async () => {
    const { call, endpoint } = await endpointFor(['organization.created']);
    receiver.answerWith(() => ({ status: 500, body: 'x'.repeat(5000) }));
    await newCustomer(call);
    const start = new Date();
    expect(await deliver({ now: at(start, 0) })).toMatchObject({ claimed: 1, failed: 1 });
    // Not due again at once: 5 s ± 20% later.
    expect(await deliver({ now: at(start, 3000) })).toMatchObject({ claimed: 0 });
    receiver.answerWith(() => ({ status: 204 }));
    expect(await deliver({ now: at(start, 6100) })).toMatchObject({ claimed: 1, delivered: 1 });
    expect(receiver.all.map((r) => r.webhookId)).toEqual([
      receiver.all[0]?.webhookId,
      receiver.all[0]?.webhookId,
    ]);
    expect(receiver.processed.size).toBe(1);
    const log = (await call('GET', `/webhook-endpoints/${endpoint.id}/attempts`)).body.items;
    expect(log.map((a: { attempt: number; statusCode: number }) => [a.attempt, a.statusCode])).toEqual([
      [2, 204],
      [1, 500],
    ]);
    expect(log[1].responseExcerpt).toBe('x'.repeat(1024));
    expect(log[1].error).toBe('HTTP 500');
  });

  it('tells a subscription’s story: created, canceled (status_changed with old and new), invoices issued and paid', async () => {
    const { call } = await endpointFor(['*']);
    const product = await call('POST', '/products', {
      name: { enUS: 'Contoso Copilot', zhTW: 'Contoso Copilot 智慧助理' },
      prices: [{ currency: 'USD', billingFrequency: 'monthly', unitAmountMinor: 3_000 }],
    });
    const organizationId = await newCustomer(call);
    const created = await call('POST', `/organizations/${organizationId}/subscriptions`, {
      priceId: product.body.prices[0].id,
      licenses: 3,
    });
    expect(created.status).toBe(201);
    await call('POST', `/subscriptions/${created.body.id}/cancel`, { when: 'now' });
    await deliver();
    const types = receiver.all.map((r) => r.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'organization.created',
        'subscription.created',
        'invoice.issued',
        'subscription.status_changed',
      ]),
    );
    const changed = receiver.all.find((r) => r.type === 'subscription.status_changed')?.body.data as Record<
      string,
      unknown
    >;
    expect(changed).toMatchObject({
      previousStatus: 'active',
      // One vocabulary with the API's GET and the admin center: a cancel now is Disabled.
      status: 'disabled',
      object: { id: created.body.id, licenses: 3, status: 'disabled', recurringBilling: false },
    });
    const issued = receiver.all.find((r) => r.type === 'invoice.issued')?.body.data as {
      object: Record<string, unknown>;
    };
    expect(issued.object).toMatchObject({
      currency: 'USD',
      amountMinor: 9_000,
      status: 'open',
      subscriptionId: created.body.id,
    });
    expect(issued.object.issuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The events can be looked back on through the API too.
    const listed = await call(
      'GET',
      `/events?type=subscription.status_changed&organizationId=${organizationId}`,
    );
    expect(listed.body.items).toHaveLength(1);
  });

  it('sends what a billing run does, set-based as it is: invoice.issued and subscription.updated per renewal', async () => {
    const { call } = await endpointFor([
      'invoice.issued',
      'subscription.updated',
      'payment.failed',
      'payment.succeeded',
    ]);
    const due = await t.db
      .selectFrom('subscriptions')
      .select(['id', 'current_period_end'])
      .where('status', '=', 'active')
      .orderBy('current_period_end')
      .execute();
    const now = new Date(`${due[0]?.current_period_end}T12:00:00Z`);
    const paymentsBefore = await t.db.selectFrom('payments').select('id').execute();
    await runBilling({ db: t.db, gateway: t.gateway, now });
    // More than one batch of deliveries: send until none is due.
    while ((await deliver()).claimed > 0);
    const issued = receiver.all.filter((r) => r.type === 'invoice.issued');
    expect(issued.length).toBeGreaterThan(0);
    const renewed = receiver.all.filter((r) => r.type === 'subscription.updated');
    expect(renewed.length).toBe(issued.length);
    const firstRenewal = renewed[0]?.body.data as
      | { previousAttributes?: Record<string, unknown> }
      | undefined;
    expect(firstRenewal?.previousAttributes).toHaveProperty('currentPeriodEnd');
    const outcomes = await t.db
      .selectFrom('payments')
      .select('id')
      .where('status', 'in', ['succeeded', 'failed'])
      .where('id', 'not in', paymentsBefore.length ? paymentsBefore.map((p) => p.id) : [''])
      .execute();
    expect(receiver.all.filter((r) => r.type.startsWith('payment.'))).toHaveLength(outcomes.length);
    expect(await checkLedger({ db: t.db })).toEqual([]);
    void call;
  });

  it('when an admin settles a past-due balance: payment.succeeded with its invoices, invoice.paid, expired → active', async () => {
    await endpointFor(['payment.succeeded', 'invoice.paid', 'subscription.status_changed']);
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await subscriptionByProduct(kevin, premium);
    const card = await tokenize(t.app, '4242 4242 4242 4242');
    const settled = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: 3_300_000,
      card: { kind: 'new', token: card.body.token },
    });
    expect(settled.status).toBe(200);
    await deliver();
    const byType = (type: string) => receiver.all.filter((r) => r.type === type).map((r) => r.body.data);
    expect(byType('payment.succeeded')).toEqual([
      {
        object: expect.objectContaining({
          id: settled.body.paymentId,
          amountMinor: 3_300_000,
          currency: 'TWD',
          card: { brand: 'visa', last4: '4242' },
          offSession: false,
          invoiceIds: expect.arrayContaining([expect.any(String), expect.any(String)]),
        }),
      },
    ]);
    expect(byType('invoice.paid')).toHaveLength(2);
    expect(byType('subscription.status_changed')).toEqual([
      expect.objectContaining({ previousStatus: 'expired', status: 'active' }),
    ]);
    expect(await checkLedger({ db: t.db })).toEqual([]);
  });

  it('signs with both secrets during a rotation’s overlap, then with the new one only', async () => {
    const { call, endpoint, secret: old } = await endpointFor(['organization.created']);
    const rotated = await call('POST', `/webhook-endpoints/${endpoint.id}/rotate-secret`, {
      overlapSeconds: 3600,
    });
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.secret as string;
    expect(fresh).not.toBe(old);
    expect(rotated.body.endpoint.previousSecretExpiresAt).not.toBeNull();
    secrets = [old, fresh];
    await newCustomer(call);
    await deliver();
    expect(receiver.all[0]?.verifiedWith).toEqual([old, fresh]);
    await newCustomer(call);
    await deliver({ now: () => new Date(Date.now() + minutes(61)) });
    expect(receiver.all[1]?.verifiedWith).toEqual([fresh]);
    // The secret is stored sealed only.
    const stored = await t.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('id', '=', endpoint.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(fresh.slice(6));
  });

  it('disables an endpoint that has failed for 3 days and emails the provider; redeliver and replay once it is back', async () => {
    const { call, endpoint } = await endpointFor(['organization.created']);
    receiver.answerWith(() => ({ status: 503 }));
    // The database's clock, which stamps events (the embedded one's may lag the process's by a few ms).
    const { before } = (await sql<{ before: Date }>`select clock_timestamp() as before`.execute(t.db))
      .rows[0] ?? {
      before: new Date(),
    };
    await newCustomer(call);
    const since = new Date();
    await deliver({ now: at(since, 0) });
    await deliver({ now: at(since, 3 * 86_400_000 + minutes(1)) });
    const disabled = (await call('GET', `/webhook-endpoints/${endpoint.id}`)).body;
    expect(disabled).toMatchObject({ enabled: false, disabledReason: 'failing' });
    const alert = await t.db.selectFrom('provider_emails').selectAll().executeTakeFirstOrThrow();
    expect(alert.subject).toContain(receiver.url);
    expect(
      (await call('GET', `/webhook-endpoints/${endpoint.id}/attempts`)).body.items[0].deliveryStatus,
    ).toBe('failed');
    // Nothing is sent to a disabled endpoint, and sending again is refused rather than queued for nothing.
    const between =
      (await sql<{ at: Date }>`select clock_timestamp() as at`.execute(t.db)).rows[0]?.at ?? new Date();
    await newCustomer(call);
    expect(await deliver()).toMatchObject({ claimed: 0 });
    for (const [path, body] of [
      ['replay', { since: before.toISOString() }],
      ['redeliver', { eventId: (await call('GET', '/events?limit=1')).body.items[0].id }],
    ] as const) {
      const refused = await call('POST', `/webhook-endpoints/${endpoint.id}/${path}`, body);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('webhook_endpoint_disabled');
    }
    // A window that ends before it starts is bad input.
    const backwards = await call('POST', `/webhook-endpoints/${endpoint.id}/replay`, {
      since: between.toISOString(),
      until: before.toISOString(),
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.fields).toEqual([{ in: 'body', field: 'until', issue: 'custom' }]);

    receiver.answerWith(() => ({ status: 200 }));
    expect((await call('PATCH', `/webhook-endpoints/${endpoint.id}`, { enabled: true })).body).toMatchObject({
      enabled: true,
      disabledReason: null,
      failingSince: null,
    });
    // Only what it never received, in a window: the first event (its delivery given up) ...
    const firstOnly = await call('POST', `/webhook-endpoints/${endpoint.id}/replay`, {
      since: before.toISOString(),
      until: between.toISOString(),
      deliveries: 'failed',
    });
    expect(firstOnly).toMatchObject({ status: 202, body: { queued: 1 } });
    // ... then the rest of what it missed (the event written while it was disabled; the first is on its way).
    const replayed = await call('POST', `/webhook-endpoints/${endpoint.id}/replay`, {
      since: before.toISOString(),
      deliveries: 'failed',
    });
    expect(replayed).toMatchObject({ status: 202, body: { queued: 1 } });
    await deliver();
    expect(receiver.processed.size).toBe(2);
    // Everything received: nothing failed is left to replay.
    expect(
      (
        await call('POST', `/webhook-endpoints/${endpoint.id}/replay`, {
          since: before.toISOString(),
          deliveries: 'failed',
        })
      ).body,
    ).toEqual({ queued: 0 });
    const first = [...receiver.processed.keys()][0] as string;
    const again = await call('POST', `/webhook-endpoints/${endpoint.id}/redeliver`, { eventId: first });
    expect(again.status).toBe(202);
    await deliver();
    expect(receiver.all.at(-1)?.webhookId).toBe(first);
    expect(receiver.processed.size).toBe(2);
  });

  it('does not follow redirects, gives up waiting after the timeout, and refuses private addresses at delivery', async () => {
    const { call, endpoint } = await endpointFor(['organization.created']);
    receiver.answerWith(() => ({ status: 302, location: 'http://169.254.169.254/latest/meta-data/' }));
    await newCustomer(call);
    await deliver();
    expect(receiver.all).toHaveLength(1);
    let log = (await call('GET', `/webhook-endpoints/${endpoint.id}/attempts`)).body.items;
    expect(log[0]).toMatchObject({ statusCode: 302, error: 'HTTP 302', deliveryStatus: 'pending' });

    receiver.answerWith(() => 'hang');
    await deliver({ now: () => new Date(Date.now() + minutes(1)), settings: { timeoutMs: 300 } });
    log = (await call('GET', `/webhook-endpoints/${endpoint.id}/attempts`)).body.items;
    expect(log[0]).toMatchObject({ statusCode: null, error: 'no answer in 300 ms' });

    // The address is checked when connecting, whatever it was when registered.
    await deliver({ now: () => new Date(Date.now() + minutes(10)), settings: { allowedRanges: [] } });
    log = (await call('GET', `/webhook-endpoints/${endpoint.id}/attempts`)).body.items;
    expect(log[0].error).toMatch(/127\.0\.0\.1 is in a private, loopback or reserved range/);
    expect(receiver.all).toHaveLength(2);
  });

  it('refuses bad endpoints with a clear, localized error and writes nothing', async () => {
    const strict = await buildApp({ db: t.db, gateway: t.gateway, secretKey: testSecretKey });
    const { call } = await providerClient({ app: strict, db: t.db });
    const count = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from webhook_endpoints`.execute(t.db)).rows[0]?.n;
    const before = await count();
    const cases: [unknown, number, string][] = [
      [{ url: 'ftp://example.com/hook', eventTypes: ['*'] }, 400, 'webhook_url_invalid'],
      [{ url: 'https://user:pw@example.com/hook', eventTypes: ['*'] }, 400, 'webhook_url_invalid'],
      [{ url: 'http://127.0.0.1:8080/hook', eventTypes: ['*'] }, 400, 'webhook_url_private'],
      [{ url: 'http://10.0.0.5/hook', eventTypes: ['*'] }, 400, 'webhook_url_private'],
      [{ url: 'http://169.254.169.254/latest/meta-data', eventTypes: ['*'] }, 400, 'webhook_url_private'],
      [{ url: 'http://[::1]/hook', eventTypes: ['*'] }, 400, 'webhook_url_private'],
      [{ url: 'http://[::ffff:127.0.0.1]/hook', eventTypes: ['*'] }, 400, 'webhook_url_private'],
      [{ url: 'https://203.0.113.9/hook', eventTypes: ['invoice.exploded'] }, 400, 'validation_failed'],
      [{ url: 'https://203.0.113.9/hook', eventTypes: [] }, 400, 'validation_failed'],
      [{ url: 'not a url', eventTypes: ['*'] }, 400, 'validation_failed'],
      [{ url: 'https://no-such-host.invalid/hook', eventTypes: ['*'] }, 400, 'webhook_url_unresolvable'],
    ];
    for (const [body, status, code] of cases) {
      const response = await call('POST', '/webhook-endpoints', body);
      expect({ body, status: response.status, code: response.body.code }).toEqual({ body, status, code });
      expect(response.body.message).toEqual(expect.any(String));
    }
    const zh = await call(
      'POST',
      '/webhook-endpoints',
      { url: 'http://10.0.0.5/', eventTypes: ['*'] },
      { 'accept-language': 'zh-TW' },
    );
    expect(zh.body.message).toContain('私人');
    expect(await count()).toBe(before);
    const missing = await call('PATCH', '/webhook-endpoints/we_00000000000000000000000000000000', {
      enabled: false,
    });
    expect(missing).toMatchObject({ status: 404, body: { code: 'webhook_endpoint_not_found' } });
    const malformed = await call('GET', '/webhook-endpoints/../../organizations');
    expect(malformed.status).toBeLessThan(500);
    await strict.close();
  });
});
