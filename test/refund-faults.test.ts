import { afterEach, describe, expect, it } from 'vitest';
import { reconcilePayments } from '../src/payments/reconcile-payments.js';
import {
  type Client,
  later,
  premium,
  providerClient,
  startTestApp,
  subscriptionByProduct,
  type TestApp,
  testSecretKey,
  waitFor,
} from './harness.js';
import { stripeAgainst, tapPayAgainst } from './support/fakes/adapters.js';
import { FakeStripe } from './support/fakes/fake-stripe.js';
import { FakeTapPay } from './support/fakes/fake-tappay.js';

// The refund path through each real adapter against its processor's local fake, with the fault on the
// refund call: the answer never comes, a 5xx, the reply is lost after the refund was made, or the
// answer comes after the adapter gave up (500 ms). Whatever happens, the payment is refunded exactly
// once, for exactly what was asked, and the books are sound. (The sandbox's own: test/refunds.test.ts.)

type Fault =
  | { kind: 'timeout' }
  | { kind: 'server_error' }
  | { kind: 'reply_lost' }
  | { kind: 'latency'; ms: number };

interface Processor {
  name: 'stripe' | 'tappay';
  start(): Promise<TestApp>;
  /** A card of this processor, saved by the signed-in admin: its token for Settle balance. */
  newCard(client: Client): Promise<string>;
  injectRefundFault(fault: Fault): void;
  /** What the processor gave back on the charge made under this payment id. */
  refundedAt(paymentId: string): bigint;
  /** How many refunds the processor made on it. */
  refundsAt(paymentId: string): number;
  stop(): Promise<void>;
}

function stripe(): Processor {
  const fake = new FakeStripe();
  const intentOf = (paymentId: string) =>
    [...fake.intents.values()].find((intent) => intent.metadata.settle_payment_id === paymentId);
  return {
    name: 'stripe',
    start: async () => {
      await fake.start();
      const t = await startTestApp({ listen: true, processor: (db) => stripeAgainst(fake, db) });
      fake.webhookUrl = `${t.url}/webhooks/stripe`;
      return t;
    },
    newCard: async (client) => {
      const form = await client.send('POST', '/api/payment-methods/card-form', {});
      return fake.createPaymentMethod({
        number: '4242424242424242',
        customer: fake.customerOfClientSecret(form.body.clientSecret),
      });
    },
    // The SDK asks again once after a dropped connection: a reply lost for good is lost twice.
    injectRefundFault: (fault) => {
      if (fault.kind === 'reply_lost') fake.injectFault(/refunds$/, fault);
      fake.injectFault(/refunds$/, fault);
    },
    refundedAt: (paymentId) => {
      const intent = intentOf(paymentId);
      const charge = [...fake.charges.values()].find((c) => c.payment_intent === intent?.id);
      return BigInt(charge?.amount_refunded ?? 0);
    },
    refundsAt: (paymentId) =>
      [...fake.refunds.values()].filter((refund) => refund.payment_intent === intentOf(paymentId)?.id).length,
    stop: () => fake.stop(),
  };
}

function tapPay(): Processor {
  const fake = new FakeTapPay();
  return {
    name: 'tappay',
    start: async () => {
      await fake.start();
      const t = await startTestApp({
        listen: true,
        processor: (db) => tapPayAgainst(fake, db, testSecretKey),
      });
      fake.noticeOrigin = t.url;
      return t;
    },
    newCard: async (client) => {
      const saved = await client.send('POST', '/api/payment-methods/card-sources', {
        prime: fake.primeFor('4242424242424242'),
        name: '林志豪',
      });
      return saved.body.token;
    },
    injectRefundFault: (fault) => fake.injectFault(/refund$/, fault),
    // TapPay counts TWD in whole dollars; Settle in cents.
    refundedAt: (paymentId) => BigInt(fake.tradeOf(paymentId)?.refunded_amount ?? 0) * 100n,
    refundsAt: (paymentId) => fake.refundsOf(paymentId).length,
    stop: () => fake.stop(),
  };
}

// A late answer comes after the adapter's 500 ms, within twice that: the window a refund may still land in.
const faults: [string, Fault][] = [
  ['the processor never answers', { kind: 'timeout' }],
  ['a 5xx', { kind: 'server_error' }],
  ['the reply is lost after the refund', { kind: 'reply_lost' }],
  ['the answer comes after the adapter gave up', { kind: 'latency', ms: 800 }],
];

describe.each([
  ['Stripe', stripe],
  ['TapPay', tapPay],
] as const)('refund faults through %s', (_processor, make) => {
  let processor: Processor;
  let t: TestApp;
  afterEach(async () => {
    await processor?.stop();
    await t?.close();
  });

  it.each(faults)('%s: refunded exactly once, for what was asked, the books sound', async (_name, fault) => {
    processor = make();
    t = await processor.start();
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await subscriptionByProduct(kevin, premium);
    const settled = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'new', token: await processor.newCard(kevin) },
    });
    expect(settled.body.status).toBe('succeeded');
    const paymentId = settled.body.paymentId as string;
    const { call } = await providerClient(t, { name: 'books' });

    // Part of it, so a second refund would not be stopped by the charge running out.
    processor.injectRefundFault(fault);
    const asked = await call('POST', `/payments/${paymentId}/refunds`, {
      reason: 'requested_by_customer',
      amountMinor: 1_000_000,
    });
    expect(asked.body.status, 'the first answer did not come: pending').toBe('pending');
    // The queue asks again, later and later, until the processor answers.
    let hours = 0;
    await waitFor(async () => {
      await reconcilePayments({ db: t.db, gateway: t.processor, now: later(++hours * 3_600_000) });
      return (await call('GET', `/refunds/${asked.body.id}`)).body.status !== 'pending';
    });
    expect((await call('GET', `/refunds/${asked.body.id}`)).body).toMatchObject({
      status: 'succeeded',
      amountMinor: 1_000_000,
    });
    expect(processor.refundedAt(paymentId)).toBe(1_000_000n);
    expect(processor.refundsAt(paymentId)).toBe(1);
    expect((await call('GET', `/payments/${paymentId}`)).body.amountRefundedMinor).toBe(1_000_000);
    expect(await t.ledgerProblems()).toEqual([]);
  });
});
