import { describe, expect, it } from 'vitest';
import { cardOwnedBy, premium, setupTestApp, subscriptionByProduct, tokenize } from './harness.js';

// 陳美玲 (mei) added the expired Visa that made the balance past due; 林志豪 (kevin) added a Mastercard.
const t = setupTestApp();

describe('settling an outstanding balance', () => {
  it('lets a non-owner admin pay the whole balance with a new card, which becomes the subscription’s card', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const before = await kevin.get(`/api/subscriptions/${(await subscriptionByProduct(kevin, premium)).id}`);
    expect(before.body).toMatchObject({ status: 'expired', amountDueMinor: 3_300_000, currency: 'TWD' });
    expect(before.body.openInvoices).toHaveLength(2);

    const card = await tokenize(t.app, '4242 4242 4242 4242');
    const settled = await kevin.send('POST', `/api/subscriptions/${before.body.id}/settle`, {
      expectedAmountMinor: 3_300_000,
      card: { kind: 'new', token: card.body.token },
    });
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({
      status: 'succeeded',
      amountMinor: 3_300_000,
      currency: 'TWD',
      card: { last4: '4242' },
    });

    const after = await kevin.get(`/api/subscriptions/${before.body.id}`);
    expect(after.body).toMatchObject({
      status: 'active',
      amountDueMinor: 0,
      openInvoices: [],
      pastDueSince: null,
    });
    const cards = (await kevin.get('/api/payment-methods')).body;
    const newCard = cards.find((c: { id: string }) => c.id === after.body.paymentMethodId);
    expect(newCard).toMatchObject({ last4: '4242', ownerName: '林志豪', ownedByMe: true });
    // One charge, for the whole balance at once.
    expect(await t.gateway.succeededCharges()).toMatchObject([
      { idempotencyKey: settled.body.paymentId, amountMinor: 3_300_000n },
    ]);
    expect(await t.ledgerProblems()).toEqual([]);
    const actions = await t.db.selectFrom('audit_log').select('action').orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'balance.settled',
        'payment_method.added',
        'subscription.payment_method_changed',
        'subscription.reactivated',
      ]),
    );
  });

  it('lets the card owner change the expiry of their card and pay with it', async () => {
    const mei = await t.signIn('mei@contoso.tw');
    const subscription = await subscriptionByProduct(mei, premium);
    const card = await cardOwnedBy(mei, '陳美玲');
    const expYear = new Date().getUTCFullYear() + 2;
    const settled = await mei.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: card.id, newExpiry: { expMonth: 6, expYear } },
    });
    expect(settled.status).toBe(200);
    const cards = (await mei.get('/api/payment-methods')).body;
    expect(cards.find((c: { id: string }) => c.id === card.id)).toMatchObject({
      expMonth: 6,
      expYear,
      expired: false,
    });
    expect((await mei.get(`/api/subscriptions/${subscription.id}`)).body).toMatchObject({
      status: 'active',
      paymentMethodId: card.id,
    });
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('lets a non-owner pay with another admin’s card as it is, but never edit it', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await subscriptionByProduct(kevin, premium);
    const meiCard = await cardOwnedBy(kevin, '陳美玲');
    const before = await t.snapshot();

    const edit = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: meiCard.id, newExpiry: { expMonth: 1, expYear: 2030 } },
    });
    expect(edit.status).toBe(403);
    expect(edit.body.code).toBe('card_not_owner');
    const patch = await kevin.send('PATCH', `/api/payment-methods/${meiCard.id}`, {
      expMonth: 1,
      expYear: 2030,
    });
    expect(patch.status).toBe(403);
    expect(patch.body.code).toBe('card_not_owner');
    expect(await t.snapshot()).toEqual(before);
    expect(t.gateway.chargeCalls).toBe(0);

    // Mei's card as it is has expired: refused before any charge, with the way out for a non-owner.
    const expired = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: meiCard.id },
    });
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe('card_expired_not_owner');
    expect(await t.snapshot()).toEqual(before);
    expect(t.gateway.chargeCalls).toBe(0);

    const kevinCard = await cardOwnedBy(kevin, '林志豪');
    const paid = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: kevinCard.id },
    });
    expect(paid.status).toBe(200);
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body.paymentMethodId).toBe(
      kevinCard.id,
    );
  });

  it.each([
    ['4000000000000002', 'card_declined', '您的付款遭到拒絕'],
    ['4000000000009995', 'insufficient_funds', '餘額不足'],
    ['4000000000000069', 'expired_card', '卡片已過期'],
    ['4000000000000119', 'processing_error', '處理時發生錯誤'],
  ])(
    'a decline by %s is refused as %s in the caller’s language and changes nothing but the attempt',
    async (number, code, words) => {
      const kevin = await t.signIn('kevin@contoso.tw');
      const subscription = await subscriptionByProduct(kevin, premium);
      const before = (await t.snapshot()) as { payments: unknown[]; cards: unknown[] };
      const card = await tokenize(t.app, number);
      const response = await kevin.send(
        'POST',
        `/api/subscriptions/${subscription.id}/settle`,
        { expectedAmountMinor: subscription.amountDueMinor, card: { kind: 'new', token: card.body.token } },
        { 'accept-language': 'zh-TW,zh;q=0.9' },
      );
      expect(response.status).toBe(402);
      expect(response.body.code).toBe(code);
      // Kevin has saved no language, so his browser's decides.
      expect(response.body.message).toContain(words);
      const after = (await t.snapshot()) as typeof before;
      expect(after.payments).toHaveLength(before.payments.length + 1);
      expect(after.cards).toEqual(before.cards);
      expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body).toMatchObject({
        status: 'expired',
        amountDueMinor: subscription.amountDueMinor,
        latestPayment: { status: 'failed', failureCode: code },
      });
      expect(await t.ledgerProblems()).toEqual([]);
    },
  );
});
