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
  waitFor,
} from './harness.js';
import { stripeAgainst } from './support/fakes/adapters.js';
import { FakeStripe } from './support/fakes/fake-stripe.js';

// The settle path with SETTLE_PROCESSOR=stripe: the app charges through the Stripe adapter, the SDK
// talks to a local fake of Stripe's API, and the fake's signed webhooks come to /webhooks/stripe.
let fake: FakeStripe;
let t: TestApp;

beforeEach(async () => {
  fake = await new FakeStripe().start();
  t = await startTestApp({
    listen: true,
    processor: (db) => stripeAgainst(fake, db),
  });
  fake.webhookUrl = `${t.url}/webhooks/stripe`;
});
afterEach(async () => {
  await fake.stop();
  await t.close();
});

/** What the browser does: ask Settle for the card form, then Stripe.js saves the card on the customer. */
async function newCard(client: Client, number: string): Promise<string> {
  const form = await client.send('POST', '/api/payment-methods/card-form', {});
  expect(form.status).toBe(200);
  expect(form.body).toMatchObject({ processor: 'stripe', publishableKey: fake.publishableKey });
  return fake.createPaymentMethod({ number, customer: fake.customerOfClientSecret(form.body.clientSecret) });
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

describe('settling through Stripe (against the fake)', () => {
  it('charges the whole balance once; the webhook after the answer changes nothing more', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const { subscription, settled } = await settle(kevin, await newCard(kevin, '4242 4242 4242 4242'));
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({ status: 'succeeded', card: { last4: '4242' } });
    await fake.webhooksDelivered();
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body).toMatchObject({
      status: 'active',
      amountDueMinor: 0,
    });
    expect([...fake.intents.values()]).toMatchObject([
      { amount: subscription.amountDueMinor, currency: 'twd', status: 'succeeded' },
    ]);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('a webhook that arrives before the answer records the payment once', async () => {
    fake.webhookTiming = 'before_reply';
    const kevin = await t.signIn('kevin@contoso.tw');
    const { settled } = await settle(kevin, await newCard(kevin, '4242 4242 4242 4242'));
    expect(settled.body).toMatchObject({ status: 'succeeded' });
    const settledEntries = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'balance.settled')
      .execute();
    expect(settledEntries).toHaveLength(1);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('3-D Secure: Stripe.js finishes the challenge, the webhook records it, and complete confirms it', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const { subscription, settled } = await settle(kevin, await newCard(kevin, '4000 0027 6000 3184'));
    expect(settled.status).toBe(202);
    const intent = [...fake.intents.values()][0];
    expect(settled.body).toMatchObject({
      status: 'requires_action',
      nextAction: { kind: 'processor_script', clientSecret: intent?.client_secret },
    });
    await fake.answerChallenge(intent?.id ?? '', true);
    await waitFor(async () => (await paymentStatus(settled.body.paymentId)) === 'succeeded');
    const completed = await kevin.send('POST', `/api/payments/${settled.body.paymentId}/complete`, {});
    expect(completed.body).toMatchObject({ status: 'succeeded' });
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body).toMatchObject({
      status: 'active',
    });
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('a failed challenge leaves the balance unpaid with authentication_failed', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const { settled } = await settle(kevin, await newCard(kevin, '4000 0027 6000 3184'));
    await fake.answerChallenge([...fake.intents.values()][0]?.id ?? '', false);
    const completed = await kevin.send('POST', `/api/payments/${settled.body.paymentId}/complete`, {});
    expect(completed).toMatchObject({ status: 402, body: { code: 'authentication_failed' } });
    expect(fake.charges.size).toBe(0);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('off-session, a card that needs its holder is declined with authentication_required', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const token = await newCard(kevin, '4000 0027 6000 3184');
    const added = await kevin.send('POST', '/api/payment-methods', { token });
    expect(added.status).toBe(201);
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

  it.each([
    ['4000 0000 0000 0002', 'card_declined'],
    ['4000 0000 0000 9995', 'insufficient_funds'],
  ])('a decline by %s is refused as %s and changes nothing but the attempt', async (number, code) => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const { subscription, settled } = await settle(kevin, await newCard(kevin, number));
    expect(settled).toMatchObject({ status: 402, body: { code } });
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body).toMatchObject({
      amountDueMinor: subscription.amountDueMinor,
    });
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('a 5xx on confirm is unknown; reconciliation cancels at Stripe after the deadline: not charged, nothing stuck', async () => {
    fake.injectFault(/confirm$/, { kind: 'server_error' });
    const kevin = await t.signIn('kevin@contoso.tw');
    const { settled } = await settle(kevin, await newCard(kevin, '4242 4242 4242 4242'));
    expect(settled.body).toMatchObject({ status: 'unknown' });
    await reconcilePayments({ db: t.db, gateway: t.processor, now: later(10 * 60_000) });
    expect(await paymentStatus(settled.body.paymentId)).toBe('failed');
    expect([...fake.intents.values()]).toMatchObject([{ status: 'canceled' }]);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('a reply lost for good is unknown until reconciliation finds the charge: recorded once', async () => {
    fake.injectFault(/confirm$/, { kind: 'reply_lost' });
    fake.injectFault(/confirm$/, { kind: 'reply_lost' });
    const kevin = await t.signIn('kevin@contoso.tw');
    const { subscription, settled } = await settle(kevin, await newCard(kevin, '4242 4242 4242 4242'));
    await fake.webhooksDelivered();
    // The webhook may have recorded it already; either way reconciliation leaves one outcome.
    await reconcilePayments({ db: t.db, gateway: t.processor, now: later(60_000) });
    expect(await paymentStatus(settled.body.paymentId)).toBe('succeeded');
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body).toMatchObject({
      amountDueMinor: 0,
    });
    expect(fake.charges.size).toBe(1);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('two admins settling at once: one charge for the balance', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const mei = await t.signIn('mei@contoso.tw');
    const [first, second] = await Promise.all([
      settle(kevin, await newCard(kevin, '4242 4242 4242 4242')),
      settle(mei, await newCard(mei, '5555 5555 5555 4444')),
    ]);
    const statuses = [first.settled.status, second.settled.status].sort();
    expect(statuses).toEqual([200, 409]);
    expect(fake.charges.size).toBe(1);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('lets the browser load Stripe.js and its frames from Stripe’s origins only, and tells it the key', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const processor = await kevin.get('/api/processor');
    expect(processor.body).toEqual({
      processor: 'stripe',
      publishableKey: fake.publishableKey,
      capabilities: { updateCardExpiry: true, cardholderAuthentication: true },
    });
    const policy = String(processor.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self' https://js.stripe.com;");
    expect(policy).toContain("frame-src 'self' https://js.stripe.com https://hooks.stripe.com;");
    expect(policy).toContain("connect-src 'self' https://api.stripe.com;");
  });

  it('refuses a webhook Stripe did not sign, and changes nothing', async () => {
    const response = await fetch(`${t.url}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
      body: JSON.stringify({ type: 'payment_intent.succeeded', data: { object: {} } }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'webhook_signature_invalid' });
  });
});
