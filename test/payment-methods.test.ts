import { describe, expect, it } from 'vitest';
import { cardOwnedBy, setupTestApp, tokenize } from './harness.js';

const t = setupTestApp();

describe('Payment methods', () => {
  it('adds a card for its owner, replaces it on one or all subscriptions, and deletes it only when unused', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const token = (await tokenize(t.app, '4242424242424242')).body.token;
    const added = await kevin.send('POST', '/api/payment-methods', { token });
    expect(added.status).toBe(201);
    const again = await kevin.send('POST', '/api/payment-methods', { token });
    expect(again.body.id).toBe(added.body.id); // the same card, saved once
    const cards = (await kevin.get('/api/payment-methods')).body;
    expect(cards.find((c: { id: string }) => c.id === added.body.id)).toMatchObject({
      ownedByMe: true,
      ownerName: '林志豪',
      subscriptionCount: 0,
    });

    const subscriptions = (await kevin.get('/api/subscriptions')).body.items as { id: string }[];
    const one = await kevin.send('POST', `/api/payment-methods/${added.body.id}/replace`, {
      subscriptionIds: [subscriptions[0]?.id],
    });
    expect(one.body).toEqual({ replaced: 1 });
    const all = await kevin.send('POST', `/api/payment-methods/${added.body.id}/replace`, {
      subscriptionIds: 'all',
    });
    expect(all.body).toEqual({ replaced: subscriptions.length - 1 });
    const meiCard = await cardOwnedBy(kevin, '陳美玲');
    expect(
      (await kevin.get('/api/payment-methods')).body.find((c: { id: string }) => c.id === meiCard.id)
        .subscriptionCount,
    ).toBe(0);

    const inUse = await kevin.send('DELETE', `/api/payment-methods/${added.body.id}`, undefined);
    expect(inUse.status).toBe(409);
    expect(inUse.body.code).toBe('payment_method_in_use');
    // Mei's card is unused now, but it is hers: Kevin may not delete it.
    const notOwner = await kevin.send('DELETE', `/api/payment-methods/${meiCard.id}`, undefined);
    expect(notOwner.status).toBe(403);
    expect(notOwner.body.code).toBe('card_not_owner');
    const mei = await t.signIn('mei@contoso.tw');
    expect((await mei.send('DELETE', `/api/payment-methods/${meiCard.id}`, undefined)).status).toBe(204);
    expect((await kevin.get('/api/payment-methods')).body.map((c: { id: string }) => c.id)).not.toContain(
      meiCard.id,
    );
    // A removed card can no longer be chosen to pay.
    const premium = (await kevin.get('/api/subscriptions')).body.items[0];
    const useRemoved = await kevin.send('POST', `/api/payment-methods/${meiCard.id}/replace`, {
      subscriptionIds: [premium.id],
    });
    expect(useRemoved.body.code).toBe('payment_method_not_found');
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('lets a Global reader change nothing and keeps other organizations out', async () => {
    const reader = await t.signIn('reader@contoso.tw');
    const kevin = await t.signIn('kevin@contoso.tw');
    const kevinCard = await cardOwnedBy(kevin, '林志豪');
    const before = await t.snapshot();
    const token = (await tokenize(t.app, '4242424242424242')).body.token;
    expect((await reader.send('POST', '/api/payment-methods', { token })).body.code).toBe(
      'permission_denied',
    );
    expect(
      (await reader.send('POST', `/api/payment-methods/${kevinCard.id}/replace`, { subscriptionIds: 'all' }))
        .body.code,
    ).toBe('permission_denied');
    expect((await reader.send('DELETE', `/api/payment-methods/${kevinCard.id}`, undefined)).body.code).toBe(
      'permission_denied',
    );
    const alex = await t.signIn('alex@fabrikam.com');
    expect(
      (await alex.send('POST', `/api/payment-methods/${kevinCard.id}/replace`, { subscriptionIds: 'all' }))
        .body.code,
    ).toBe('payment_method_not_found');
    expect((await alex.send('DELETE', `/api/payment-methods/${kevinCard.id}`, undefined)).body.code).toBe(
      'payment_method_not_found',
    );
    const kevinSubscription = (await kevin.get('/api/subscriptions')).body.items[0].id;
    const alexCard = (await alex.get('/api/payment-methods')).body[0].id;
    expect(
      (
        await alex.send('POST', `/api/payment-methods/${alexCard}/replace`, {
          subscriptionIds: [kevinSubscription],
        })
      ).body.code,
    ).toBe('subscription_not_found');
    expect(await t.snapshot()).toEqual(before);
  });
});
