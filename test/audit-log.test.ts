import { describe, expect, it } from 'vitest';
import { cardOwnedBy, premium, setupTestApp, subscriptionByProduct, tokenize } from './harness.js';

const t = setupTestApp();
const browser = { 'user-agent': 'Mozilla/5.0 (Macintosh) Settle-test' };

describe('the audit log an admin can read', () => {
  it('names the product and the cards a change went between, keeps who, from where, and in which browser', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await subscriptionByProduct(kevin, premium);
    const mastercard = await cardOwnedBy(kevin, '林志豪');
    const settled = await kevin.send(
      'POST',
      `/api/subscriptions/${subscription.id}/settle`,
      {
        expectedAmountMinor: subscription.amountDueMinor,
        card: { kind: 'existing', paymentMethodId: mastercard.id },
      },
      browser,
    );
    expect(settled.status).toBe(200);

    const mei = await t.signIn('mei@contoso.tw');
    const entries = (await mei.get('/api/audit-log')).body as {
      action: string;
      actorName: string | null;
      target: { name: string | null; card: { brand: string; last4: string } | null };
      details: Record<string, unknown>;
      cards: Record<string, { brand: string; last4: string }>;
      ip: string | null;
      userAgent: string | null;
    }[];
    const changed = entries.find((entry) => entry.action === 'subscription.payment_method_changed');
    expect(changed).toMatchObject({ actorName: '林志豪', ip: '127.0.0.1', userAgent: browser['user-agent'] });
    expect(changed?.target.name).toMatch(/Contoso Workplace Business Premium/);
    expect(changed?.cards[String(changed?.details.to)]).toEqual({ brand: 'mastercard', last4: '4444' });
    expect(changed?.cards[String(changed?.details.from)]).toMatchObject({ brand: 'visa' });
    const paid = entries.find((entry) => entry.action === 'balance.settled');
    expect(paid?.target.name).toMatch(/Contoso Workplace Business Premium/);
  });

  it('says which card was added and which deleted: its brand, last digits and expiry', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const expYear = new Date().getUTCFullYear() + 4;
    const token = (await tokenize(t.app, '5555555555554444', { expMonth: 7, expYear })).body.token;
    const added = await kevin.send('POST', '/api/payment-methods', { token });
    expect(added.status).toBe(201);
    expect((await kevin.send('DELETE', `/api/payment-methods/${added.body.id}`, undefined)).status).toBe(204);
    const mei = await t.signIn('mei@contoso.tw');
    const entries = (await mei.get('/api/audit-log')).body as {
      action: string;
      actorName: string | null;
      targetId: string;
      target: { card: { brand: string; last4: string } | null };
      details: Record<string, unknown>;
    }[];
    for (const action of ['payment_method.added', 'payment_method.removed']) {
      const entry = entries.find((each) => each.action === action && each.targetId === added.body.id);
      expect(entry).toMatchObject({
        actorName: '林志豪',
        target: { card: { brand: 'mastercard', last4: '4444' } },
        details: { expMonth: 7, expYear },
      });
    }
  });

  it('records billing settings as values the page can put in the reader’s language', async () => {
    const mei = await t.signIn('mei@contoso.tw');
    const subscription = await subscriptionByProduct(mei, premium);
    const preview = await mei.get(`/api/subscriptions/${subscription.id}`);
    const changed = await mei.send('PATCH', `/api/subscriptions/${subscription.id}`, {
      billingFrequency: preview.body.billingFrequency === 'monthly' ? 'annual' : 'monthly',
      recurringBilling: false,
    });
    expect(changed.status).toBeLessThan(300);
    const [entry] = (await mei.get('/api/audit-log?action=subscription.billing_settings_changed')).body;
    expect(entry.details).toMatchObject({
      fromFrequency: preview.body.billingFrequency,
      fromRecurring: true,
      toRecurring: false,
    });
  });

  it('filters by person, activity and day; a range that ends before it starts is refused', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await subscriptionByProduct(kevin, premium);
    await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: (await cardOwnedBy(kevin, '林志豪')).id },
    });
    const mei = await t.signIn('mei@contoso.tw');
    const me = (await kevin.get('/api/me')).body as { userId: string };
    const byKevin = (await mei.get(`/api/audit-log?actorUserId=${me.userId}`)).body as {
      actorName: string;
    }[];
    expect(byKevin.length).toBeGreaterThan(0);
    expect(byKevin.every((entry) => entry.actorName === '林志豪')).toBe(true);
    const settled = (await mei.get('/api/audit-log?action=balance.settled')).body as { action: string }[];
    expect(settled.map((entry) => entry.action)).toEqual(['balance.settled']);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await mei.get(`/api/audit-log?from=${today}&to=${today}`)).body.length).toBeGreaterThan(0);
    expect((await mei.get(`/api/audit-log?from=${tomorrow}`)).body).toEqual([]);
    const backwards = await mei.get(`/api/audit-log?from=${tomorrow}&to=${today}`);
    expect(backwards).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
  });
});
