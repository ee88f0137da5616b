import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chargeSubscriptionCard } from '../src/billing/charge-subscription-card.js';
import { reconcilePayments } from '../src/payments/reconcile-payments.js';
import {
  type Client,
  later,
  premium,
  startTestApp,
  subscriptionByProduct,
  type TestApp,
  testSecretKey,
  waitFor,
} from './harness.js';
import { tapPayAgainst } from './support/fakes/adapters.js';
import { FakeTapPay } from './support/fakes/fake-tappay.js';

// The settle path with SETTLE_PROCESSOR=tappay: the app charges through the TapPay adapter against a
// local fake of TapPay's backend API, whose 3-D Secure notices come to /webhooks/tappay.
let fake: FakeTapPay;
let t: TestApp;

beforeEach(async () => {
  fake = await new FakeTapPay().start();
  t = await startTestApp({
    listen: true,
    processor: (db) => tapPayAgainst(fake, db, testSecretKey),
  });
  fake.noticeOrigin = t.url;
});
afterEach(async () => {
  await fake.stop();
  await t.close();
});

/** What the browser does: TapPay Fields give a prime, and Settle binds it to a card. */
async function newCard(client: Client, number: string): Promise<string> {
  const form = await client.send('POST', '/api/payment-methods/card-form', {});
  expect(form.body).toEqual({
    processor: 'tappay',
    appId: fake.appId,
    appKey: fake.appKey,
    serverType: 'sandbox',
  });
  const saved = await client.send('POST', '/api/payment-methods/card-sources', {
    prime: fake.primeFor(number),
    name: '林志豪',
  });
  expect(saved.status).toBe(201);
  return saved.body.token;
}

async function settle(client: Client, token: string) {
  const subscription = await subscriptionByProduct(client, premium);
  const settled = await client.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
    expectedAmountMinor: subscription.amountDueMinor,
    card: { kind: 'new', token },
  });
  return { subscription, settled };
}

const paymentStatus = async (id: string) =>
  (await t.db.selectFrom('payments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

/** Reconciliation asks until TapPay can no longer act on the unanswered request (2 × its timeout). */
const reconcileUntilNotCharged = (paymentId: string) =>
  waitFor(async () => {
    await reconcilePayments({ db: t.db, gateway: t.processor, now: later(10 * 60_000), everyInFlight: true });
    return (await paymentStatus(paymentId)) === 'failed';
  });

describe('settling through TapPay (against the fake)', () => {
  it('charges the whole balance once, in whole New Taiwan dollars', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const { subscription, settled } = await settle(kevin, await newCard(kevin, '4242 4242 4242 4242'));
    expect(settled).toMatchObject({ status: 200, body: { status: 'succeeded', card: { last4: '4242' } } });
    expect([...fake.trades.values()]).toMatchObject([
      { amount: subscription.amountDueMinor / 100, currency: 'TWD' },
    ]);
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body).toMatchObject({
      status: 'active',
    });
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('3-D Secure through TapPay’s payment_url: the backend notice records it, complete confirms it', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const { settled } = await settle(kevin, await newCard(kevin, '4000 0027 6000 3184'));
    expect(settled.body).toMatchObject({ status: 'requires_action', nextAction: { kind: 'redirect' } });
    expect(settled.body.nextAction.url).toContain(`${fake.apiBase}/3ds/`);
    await fake.answerChallenge(fake.tradeOf(settled.body.paymentId)?.rec_trade_id ?? '', true);
    await waitFor(async () => (await paymentStatus(settled.body.paymentId)) === 'succeeded');
    expect(
      (await kevin.send('POST', `/api/payments/${settled.body.paymentId}/complete`, {})).body,
    ).toMatchObject({
      status: 'succeeded',
    });
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('a notice is only a hint: a forged "success" for a waiting payment changes nothing', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const { settled } = await settle(kevin, await newCard(kevin, '4000 0027 6000 3184'));
    const forged = await fetch(`${t.url}/webhooks/tappay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ order_number: settled.body.paymentId, status: 0, msg: 'Success' }),
    });
    expect(forged.status).toBe(200);
    expect(await paymentStatus(settled.body.paymentId)).toBe('requires_action');
  });

  it('off-session, the issuer’s soft decline ends past due with authentication_required', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const added = await kevin.send('POST', '/api/payment-methods', {
      token: await newCard(kevin, '4000 0027 6000 3184'),
    });
    const subscription = await subscriptionByProduct(kevin, premium);
    await t.db
      .updateTable('subscriptions')
      .set({ payment_method_id: added.body.id })
      .where('id', '=', subscription.id)
      .execute();
    const retried = await chargeSubscriptionCard({
      db: t.db,
      gateway: t.processor,
      subscriptionId: subscription.id,
      now: new Date(),
    });
    expect(retried).toMatchObject({ status: 'failed', failure_code: 'authentication_required' });
  });

  it('offers no expiry change: the processor says so, and the server refuses it', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const processor = await kevin.get('/api/processor');
    expect(processor.body).toMatchObject({ processor: 'tappay', capabilities: { updateCardExpiry: false } });
    // The browser may load TapPay Fields and reach TapPay's server of this mode (sandbox), and no other.
    const policy = String(processor.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self' https://js.tappaysdk.com;");
    expect(policy).toContain("frame-src 'self' https://js.tappaysdk.com https://sandbox.tappaysdk.com;");
    expect(policy).not.toContain('prod.tappaysdk.com');
    const added = await kevin.send('POST', '/api/payment-methods', {
      token: await newCard(kevin, '4242 4242 4242 4242'),
    });
    const refused = await kevin.send(
      'PATCH',
      `/api/payment-methods/${added.body.id}`,
      { expMonth: 6, expYear: 2031 },
      {
        'accept-language': 'zh-TW',
      },
    );
    expect(refused).toMatchObject({
      status: 409,
      body: {
        code: 'card_expiry_unchangeable',
        message: '此付款處理機構無法變更已儲存卡片的到期日。請將換發的卡片新增為新卡片。',
      },
    });
  });

  it('a reply lost after the charge is unknown until reconciliation finds the trade: recorded once', async () => {
    fake.injectFault(/pay-by-token$/, { kind: 'reply_lost' });
    const kevin = await t.signIn('kevin@contoso.tw');
    const { subscription, settled } = await settle(kevin, await newCard(kevin, '4242 4242 4242 4242'));
    expect(settled.body).toMatchObject({ status: 'unknown' });
    await reconcilePayments({ db: t.db, gateway: t.processor, now: later(60_000) });
    expect(await paymentStatus(settled.body.paymentId)).toBe('succeeded');
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body).toMatchObject({
      amountDueMinor: 0,
    });
    expect(fake.trades.size).toBe(1);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('no answer at all: reconciliation closes the key after the deadline; not charged, nothing stuck', async () => {
    fake.injectFault(/pay-by-token$/, { kind: 'server_error' });
    const kevin = await t.signIn('kevin@contoso.tw');
    const { settled } = await settle(kevin, await newCard(kevin, '4242 4242 4242 4242'));
    await reconcileUntilNotCharged(settled.body.paymentId);
    const again = await settle(kevin, await newCard(kevin, '4242 4242 4242 4242'));
    expect(again.settled.status).toBe(200);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('a trade TapPay makes after Settle concluded "not charged" is found and refunded, once; the balance stays owed', async () => {
    // TapPay acts on the request 5 s after it came: long after the adapter's window (2 × 500 ms).
    fake.injectFault(/pay-by-token$/, { kind: 'latency', ms: 5_000 });
    const kevin = await t.signIn('kevin@contoso.tw');
    const { subscription, settled } = await settle(kevin, await newCard(kevin, '4242 4242 4242 4242'));
    const paymentId = settled.body.paymentId as string;
    await reconcileUntilNotCharged(paymentId);
    expect(fake.tradeOf(paymentId)).toBeUndefined();
    // Then the late trade.
    await waitFor(async () => fake.tradeOf(paymentId) !== undefined);
    expect(
      await reconcilePayments({ db: t.db, gateway: t.processor, now: later(2 * 3_600_000) }),
    ).toMatchObject({ refunded: 1, errors: 0 });
    expect(
      await reconcilePayments({ db: t.db, gateway: t.processor, now: later(8 * 3_600_000) }),
    ).toMatchObject({ refunded: 0, errors: 0 });
    const trade = fake.tradeOf(paymentId);
    expect(trade?.refunded_amount).toBe(trade?.amount);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', paymentId)
      .where('action', '=', 'payment.refunded')
      .execute();
    expect(audit).toHaveLength(1);
    const told = await t.db
      .selectFrom('notifications')
      .select('recipient_user_id')
      .where('kind', '=', 'payment_refunded')
      .execute();
    expect(told.length).toBeGreaterThan(0);
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body.amountDueMinor).toBe(
      subscription.amountDueMinor,
    );
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('two admins settling at once: one charge for the balance', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const mei = await t.signIn('mei@contoso.tw');
    const [first, second] = await Promise.all([
      settle(kevin, await newCard(kevin, '4242 4242 4242 4242')),
      settle(mei, await newCard(mei, '4242 4242 4242 4242')),
    ]);
    expect([first.settled.status, second.settled.status].sort()).toEqual([200, 409]);
    expect(fake.trades.size).toBe(1);
    expect(await t.ledgerProblems()).toEqual([]);
  });
});
