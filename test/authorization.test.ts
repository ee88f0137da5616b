import { describe, expect, it } from 'vitest';
import { cardOwnedBy, premium, setupTestApp, subscriptionByProduct, tokenize } from './harness.js';

const t = setupTestApp('file');

describe('who may do what', () => {
  it('refuses every call without a session', async () => {
    for (const url of ['/api/subscriptions', '/api/payment-methods', '/api/me']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(401);
      expect(JSON.parse(response.body).code).toBe('unauthenticated');
    }
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    for (const email of ['mei@contoso.tw', 'nobody@contoso.tw']) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email, password: 'wrong' },
      });
      expect(response.statusCode).toBe(401);
      expect(JSON.parse(response.body).code).toBe('invalid_credentials');
    }
  });

  it('issues an HttpOnly, SameSite session cookie', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: 'mei@contoso.tw', password: 'settle-demo' },
    });
    expect(String(response.headers['set-cookie'])).toMatch(/HttpOnly/);
    expect(String(response.headers['set-cookie'])).toMatch(/SameSite=Lax/);
  });

  it('lets a Global reader see everything and change nothing', async () => {
    const reader = await t.signIn('reader@contoso.tw');
    const subscription = await subscriptionByProduct(reader, premium);
    expect((await reader.get(`/api/subscriptions/${subscription.id}`)).status).toBe(200);
    const cards = (await reader.get('/api/payment-methods')).body;
    expect(cards).toHaveLength(2);
    const before = await t.snapshot();
    const card = await tokenize(t.app, '4242424242424242');
    const settle = await reader.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'new', token: card.body.token },
    });
    expect(settle.status).toBe(403);
    expect(settle.body.code).toBe('permission_denied');
    const patch = await reader.send('PATCH', `/api/payment-methods/${cards[0].id}`, {
      expMonth: 1,
      expYear: 2031,
    });
    expect(patch.status).toBe(403);
    expect(patch.body.code).toBe('permission_denied');
    expect(await t.snapshot()).toEqual(before);
  });

  it('keeps each organization’s data out of another’s reach', async () => {
    const mei = await t.signIn('mei@contoso.tw');
    const alex = await t.signIn('alex@fabrikam.com');
    const contosoSubscription = await subscriptionByProduct(mei, premium);
    const contosoCard = await cardOwnedBy(mei, '陳美玲');
    const fabrikamSubscription = await subscriptionByProduct(alex, premium);
    const before = await t.snapshot();

    expect(
      (await alex.get('/api/subscriptions')).body.items.map((s: { currency: string }) => s.currency),
    ).not.toContain('TWD');
    expect(
      (await alex.get('/api/payment-methods')).body.map((c: { ownerName: string }) => c.ownerName),
    ).not.toContain('陳美玲');
    const read = await alex.get(`/api/subscriptions/${contosoSubscription.id}`);
    expect(read.status).toBe(404);
    expect(read.body.code).toBe('subscription_not_found');
    const settleOther = await alex.send('POST', `/api/subscriptions/${contosoSubscription.id}/settle`, {
      expectedAmountMinor: contosoSubscription.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: contosoCard.id },
    });
    expect(settleOther.body.code).toBe('subscription_not_found');
    const useOtherCard = await alex.send('POST', `/api/subscriptions/${fabrikamSubscription.id}/settle`, {
      expectedAmountMinor: fabrikamSubscription.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: contosoCard.id },
    });
    expect(useOtherCard.status).toBe(404);
    expect(useOtherCard.body.code).toBe('payment_method_not_found');
    const editOtherCard = await alex.send('PATCH', `/api/payment-methods/${contosoCard.id}`, {
      expMonth: 1,
      expYear: 2031,
    });
    expect(editOtherCard.body.code).toBe('payment_method_not_found');
    const contosoToken = await t.db
      .selectFrom('payment_methods')
      .select('gateway_token')
      .where('id', '=', contosoCard.id)
      .executeTakeFirstOrThrow();
    const useOtherToken = await alex.send('POST', `/api/subscriptions/${fabrikamSubscription.id}/settle`, {
      expectedAmountMinor: fabrikamSubscription.amountDueMinor,
      card: { kind: 'new', token: contosoToken.gateway_token },
    });
    expect(useOtherToken.status).toBe(400);
    expect(useOtherToken.body.code).toBe('card_token_invalid');
    expect(await t.snapshot()).toEqual(before);
  });
});

describe('language', () => {
  it('follows the browser until the user picks one, then keeps the choice', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    expect((await kevin.get('/api/me', { 'accept-language': 'en-US,en;q=0.9' })).body).toMatchObject({
      locale: 'en-US',
      localeIsSaved: false,
    });
    expect((await kevin.get('/api/me', { 'accept-language': 'zh-TW' })).body.locale).toBe('zh-TW');
    // Neither language offered: the organization's own.
    expect((await kevin.get('/api/me', { 'accept-language': 'fr' })).body.locale).toBe('zh-TW');
    expect((await kevin.send('PUT', '/api/me/locale', { locale: 'en-US' })).status).toBe(200);
    expect((await kevin.get('/api/me', { 'accept-language': 'zh-TW' })).body).toMatchObject({
      locale: 'en-US',
      localeIsSaved: true,
    });
    const refused = await kevin.get('/api/subscriptions/00000000-0000-4000-8000-000000000000', {
      'accept-language': 'zh-TW',
    });
    expect(refused.body.message).toBe('We couldn’t find that subscription.');
  });
});

describe('the organization’s outstanding balance', () => {
  it('is the sum of its unpaid invoices, for its own admins only', async () => {
    const reader = await t.signIn('reader@contoso.tw');
    const summary = await reader.get('/api/billing/summary');
    // Premium: two invoices of NT$16,500; Teams Phone: one of NT$1,300.
    expect(summary.body).toEqual({
      currency: 'TWD',
      outstandingMinor: 3_430_000,
      pastDueSubscriptions: 2,
      paymentsInProgress: 0,
      creditBalanceMinor: 0,
      // Paid by card: no transfer instructions.
      bankTransfer: null,
    });
    const alex = await t.signIn('alex@fabrikam.com');
    expect((await alex.get('/api/billing/summary')).body).toMatchObject({
      currency: 'USD',
      outstandingMinor: 52_800,
      pastDueSubscriptions: 1,
    });
  });
});

describe('billing notifications', () => {
  it('reach each Global and Billing admin in their language, and no one else', async () => {
    // The demo's declined renewals were the system's own attempts: every billing admin was told.
    const mei = await t.signIn('mei@contoso.tw');
    const messages = (await mei.get('/api/messages')).body as { subject: string; body: string }[];
    expect(messages.map((m) => m.subject).sort()).toEqual([
      'Contoso Teams Phone 付款失敗',
      'Contoso Workplace Business Premium 付款失敗',
    ]);
    expect(messages[0]?.body).toMatch(/結算餘額/);
    const reader = await t.signIn('reader@contoso.tw');
    expect((await reader.get('/api/messages')).body).toEqual([]);
    const sam = await t.signIn('sam@fabrikam.com');
    expect((await sam.get('/api/messages')).body.map((m: { subject: string }) => m.subject)).toEqual([
      'Payment failed for Contoso Workplace Business Premium',
    ]);
  });

  it('are written in the reader’s language of today, and a recovery is announced to the other admins', async () => {
    const mei = await t.signIn('mei@contoso.tw');
    expect((await mei.send('PUT', '/api/me/locale', { locale: 'en-US' })).status).toBe(200);
    const english = (await mei.get('/api/messages')).body as { subject: string; body: string }[];
    expect(english.map((m) => m.subject).sort()).toEqual([
      'Payment failed for Contoso Teams Phone',
      'Payment failed for Contoso Workplace Business Premium',
    ]);
    expect(english[0]?.body).toMatch(/NT\$[\d,]+/);

    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await subscriptionByProduct(kevin, premium);
    const card = await cardOwnedBy(kevin, '林志豪');
    const settled = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: card.id },
    });
    expect(settled.status).toBe(200);
    const after = (await mei.get('/api/messages')).body as { kind: string; subject: string }[];
    expect(after.filter((m) => m.kind === 'payment_succeeded').map((m) => m.subject)).toEqual([
      'Payment received for Contoso Workplace Business Premium',
    ]);
  });
});
