import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  cardOwnedBy,
  premium,
  startTestApp,
  subscriptionByProduct,
  type TestApp,
  tokenize,
} from './harness.js';

let t: TestApp;
let kevin: Client;
let subscriptionId: string;
let amountDueMinor: number;
let goodToken: string;
beforeAll(async () => {
  t = await startTestApp();
  kevin = await t.signIn('kevin@contoso.tw');
  const subscription = await subscriptionByProduct(kevin, premium);
  subscriptionId = subscription.id;
  amountDueMinor = subscription.amountDueMinor;
  goodToken = (await tokenize(t.app, '4242424242424242')).body.token;
});
afterAll(async () => {
  await t.close();
});

describe('the tokenizer refuses bad cards with a stable code and a localized message', () => {
  const nextYear = new Date().getUTCFullYear() + 1;
  it.each([
    ['a number failing the check digit', '4242424242424241', {}, 'card_number_invalid'],
    ['letters', 'abcd efgh', {}, 'card_number_invalid'],
    ['a past expiry', '4242424242424242', { expMonth: 1, expYear: 2020 }, 'card_expired'],
    ['month 13', '4242424242424242', { expMonth: 13, expYear: nextYear }, 'card_expiry_invalid'],
    ['a two-letter CVC', '4242424242424242', { cvc: 'ab' }, 'card_cvc_invalid'],
    ['no name', '4242424242424242', { name: '  ' }, 'cardholder_name_missing'],
  ])('%s', async (_name, number, overrides, code) => {
    const response = await tokenize(t.app, number, overrides);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(code);
    expect(response.body.message).toEqual(expect.any(String));
    expect(JSON.stringify(response.body)).not.toContain(number.replace(/\s/g, ''));
  });

  it('answers in Traditional Chinese when asked', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/gateway/v1/tokens',
      headers: { 'accept-language': 'zh-TW,zh;q=0.9,en;q=0.8' },
      payload: { number: '4242424242424241', expMonth: 1, expYear: 2030, cvc: '123', name: 'X' },
    });
    expect(JSON.parse(response.body).message).toBe('卡號無效。請檢查後再試一次。');
  });
});

describe('the settle endpoint refuses bad input and changes nothing', () => {
  const cases: [
    string,
    () => { url?: string; body: unknown; headers?: Record<string, string> },
    number,
    string,
  ][] = [
    [
      'a negative amount',
      () => ({ body: { expectedAmountMinor: -100, card: { kind: 'new', token: goodToken } } }),
      400,
      'validation_failed',
    ],
    [
      'a huge amount',
      () => ({ body: { expectedAmountMinor: 1e15, card: { kind: 'new', token: goodToken } } }),
      400,
      'validation_failed',
    ],
    [
      'a fractional amount',
      () => ({ body: { expectedAmountMinor: 10.5, card: { kind: 'new', token: goodToken } } }),
      400,
      'validation_failed',
    ],
    [
      'an amount as text',
      () => ({ body: { expectedAmountMinor: '3300000', card: { kind: 'new', token: goodToken } } }),
      400,
      'validation_failed',
    ],
    [
      'an amount other than the balance',
      () => ({ body: { expectedAmountMinor: 100, card: { kind: 'new', token: goodToken } } }),
      409,
      'balance_changed',
    ],
    [
      'a made-up token',
      () => ({
        body: { expectedAmountMinor: amountDueMinor, card: { kind: 'new', token: `tok_${'0'.repeat(24)}` } },
      }),
      400,
      'card_token_invalid',
    ],
    [
      'a card number instead of a token',
      () => ({
        body: { expectedAmountMinor: amountDueMinor, card: { kind: 'new', token: '4242424242424242' } },
      }),
      400,
      'validation_failed',
    ],
    [
      'an unknown card id',
      () => ({
        body: {
          expectedAmountMinor: amountDueMinor,
          card: { kind: 'existing', paymentMethodId: crypto.randomUUID() },
        },
      }),
      404,
      'payment_method_not_found',
    ],
    [
      'an unknown subscription',
      () => ({
        url: `/api/subscriptions/${crypto.randomUUID()}/settle`,
        body: { expectedAmountMinor: amountDueMinor, card: { kind: 'new', token: goodToken } },
      }),
      404,
      'subscription_not_found',
    ],
    [
      'a subscription id that is not an id',
      () => ({
        url: '/api/subscriptions/1%20or%201=1/settle',
        body: { expectedAmountMinor: amountDueMinor, card: { kind: 'new', token: goodToken } },
      }),
      400,
      'validation_failed',
    ],
    [
      'an unknown card kind',
      () => ({ body: { expectedAmountMinor: amountDueMinor, card: { kind: 'bank', iban: 'x' } } }),
      400,
      'validation_failed',
    ],
    [
      'no Idempotency-Key',
      () => ({
        body: { expectedAmountMinor: amountDueMinor, card: { kind: 'new', token: goodToken } },
        headers: { 'idempotency-key': '' },
      }),
      400,
      'idempotency_key_missing',
    ],
  ];

  it.each(cases)('%s', async (_name, make, status, code) => {
    const before = await t.snapshot();
    const { url, body, headers } = make();
    const response = await kevin.send(
      'POST',
      url ?? `/api/subscriptions/${subscriptionId}/settle`,
      body,
      headers,
    );
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.body.code).toBe(code);
    expect(response.body.message.length).toBeGreaterThan(5);
    expect(await t.snapshot()).toEqual(before);
    expect(t.gateway.chargeCalls).toBe(0);
  });

  it.each([
    [{ expMonth: 0, expYear: 2030 }, 'validation_failed'],
    [{ expMonth: 1, expYear: 2021 }, 'card_expired'],
    [{ expMonth: 1, expYear: 2090 }, 'card_expiry_invalid'],
  ])('refuses expiry %o as %s', async (expiry, code) => {
    const before = await t.snapshot();
    const mei = await t.signIn('mei@contoso.tw');
    const card = await cardOwnedBy(mei, '陳美玲');
    const response = await mei.send('PATCH', `/api/payment-methods/${card.id}`, expiry);
    expect(response.body.code).toBe(code);
    expect(await t.snapshot()).toEqual(before);
  });

  it('answers malformed JSON with a stable code', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/subscriptions/${subscriptionId}/settle`,
      headers: {
        cookie: kevin.cookie,
        'content-type': 'application/json',
        'idempotency-key': 'key-malformed',
      },
      payload: '{"expectedAmountMinor": ',
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).code).toBe('validation_failed');
  });
});

describe('input PostgreSQL would refuse never reaches it as a 500', () => {
  it('a NUL byte in the cardholder name', async () => {
    const response = await tokenize(t.app, '4242424242424242', { name: 'MEI\u0000CHEN' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });

  it.each(['from=2024-13-45', 'from=2024-02-30', 'from=0000-00-00', 'to=0000-01-01', 'to=2023-02-29'])(
    'an impossible date in Bills & payments (%s)',
    async (query) => {
      const response = await kevin.get(`/api/invoices?${query}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'validation_failed', message: expect.any(String) });
    },
  );

  it('an audit-log cursor beyond int8', async () => {
    const mei = await t.signIn('mei@contoso.tw');
    const response = await mei.get('/api/audit-log?before=9999999999999999999');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });

  it('a subscriptions cursor with a NUL byte', async () => {
    const response = await kevin.get(`/api/subscriptions?after=${encodeURIComponent('abc\u0000def')}`);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });

  it.each([
    ['GET', `/api/subscriptions/${'a'.repeat(150)}`],
    ['POST', `/api/subscriptions/${'a'.repeat(150)}/settle`],
  ] as const)(
    'a path id over 100 characters (%s) gets our localized body, not the framework’s',
    async (method, url) => {
      const response = await t.app.inject({
        method,
        url,
        headers: { cookie: kevin.cookie, 'accept-language': 'zh-TW', 'content-type': 'application/json' },
        ...(method === 'POST' ? { payload: '{}' } : {}),
      });
      expect(response.statusCode).toBe(404);
      const body = JSON.parse(response.body);
      expect(body).toEqual({ code: 'not_found', message: '找不到您要尋找的項目。' });
      expect(response.body).not.toContain('aaaa');
    },
  );
});
