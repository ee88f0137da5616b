import type { Db } from '../../src/db/connect.js';
import { SandboxGateway } from '../../src/gateway/sandbox/sandbox-gateway.js';
import { newSecretKeyText } from '../../src/secrets/seal.js';
import type { ServerProcess } from '../server-process.js';
import { FakeStripe } from './fakes/fake-stripe.js';
import { FakeTapPay } from './fakes/fake-tappay.js';

/** A processor fault, said once for every processor: each makes it happen its own way. */
export type ProcessorFault =
  | { kind: 'latency'; ms: number }
  | { kind: 'timeout' }
  | { kind: 'server_error' }
  | { kind: 'reply_lost' };

/** The saved card's id, or why there is none (so a failure says what the server answered). */
function savedCardId(answer: { status: number; body: Body }): string {
  if (answer.status !== 201)
    throw new Error(`adding the card failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.id;
}

/** An answer's body as the tests read it: the fields they expect are there, or the test fails. */
type Body = { id: string; token: string; clientSecret: string } & Record<string, unknown>;
type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Body }>;

/**
 * Each processor as the server processes of a test use it: the sandbox as it is, Stripe and TapPay
 * through their local fakes (the servers are pointed at them by STRIPE_API_BASE / TAPPAY_API_BASE).
 */
export interface ProcessorUnderTest {
  name: 'sandbox' | 'stripe' | 'tappay';
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The settings every server of the test runs with. */
  env(): Record<string, string>;
  /** Makes the next charge meet the fault: a faulty server's settings (sandbox), or the fake's. */
  fault(fault: ProcessorFault): Record<string, string>;
  /** Adds a card the processor can charge, owned by the signed-in admin, and answers its id. */
  addCard(call: Call): Promise<string>;
  /** The processor's charges for these payments, net of refunds, as check:ledger compares them. */
  chargesOf(db: Db, paymentIds: Set<string>): Promise<{ idempotencyKey: string; amountMinor: bigint }[]>;
  /** True once a confirm the faulty server sent late has reached the processor and been acted on. */
  lateConfirmArrived(faulty: ServerProcess): boolean;
  /** True once the faulty server's charge has reached the processor (a kill then lands mid-call). */
  chargeArrived(): boolean;
  /** How long reconciliation may take to settle a payment left in flight (TapPay waits out a window). */
  settleWithinMs: number;
}

async function sandboxCharges(db: Db, paymentIds: Set<string>) {
  return (await new SandboxGateway(db).succeededCharges()).filter((charge) =>
    paymentIds.has(charge.idempotencyKey),
  );
}

export function sandboxUnderTest(): ProcessorUnderTest {
  const faults: Record<ProcessorFault['kind'], (fault: ProcessorFault) => string> = {
    latency: (fault) => `latency:${fault.kind === 'latency' ? fault.ms : 0}`,
    timeout: () => 'timeout_before_charge',
    server_error: () => 'server_error',
    reply_lost: () => 'reply_lost_after_charge',
  };
  return {
    name: 'sandbox',
    start: async () => {},
    stop: async () => {},
    env: () => ({}),
    fault: (fault) => ({ SETTLE_SANDBOX_FAULT: faults[fault.kind](fault) }),
    addCard: async (call) => {
      const cards = (await call('GET', '/api/payment-methods')).body as unknown as {
        id: string;
        ownedByMe: boolean;
      }[];
      return cards.find((card) => card.ownedByMe)?.id ?? '';
    },
    chargesOf: sandboxCharges,
    lateConfirmArrived: (faulty) => faulty.output().includes('sandbox processor answered a confirm'),
    // The sandbox's latency is inside its confirm: a pending payment is already mid-call.
    chargeArrived: () => true,
    settleWithinMs: 30_000,
  };
}

export function stripeUnderTest(): ProcessorUnderTest {
  const fake = new FakeStripe();
  // Where the requests and answers stood when the fault was set: the faulty server's come after.
  let marks = { requests: 0, answered: 0 };
  return {
    name: 'stripe',
    start: async () => {
      await fake.start();
    },
    stop: () => fake.stop(),
    env: () => ({
      SETTLE_PROCESSOR: 'stripe',
      STRIPE_SECRET_KEY: fake.secretKey,
      STRIPE_PUBLISHABLE_KEY: fake.publishableKey,
      STRIPE_WEBHOOK_SECRET: fake.webhookSecret,
      STRIPE_API_BASE: `http://127.0.0.1:${fake.port}`,
      SETTLE_PROCESSOR_TIMEOUT_MS: '7000',
    }),
    fault: (fault) => {
      marks = { requests: fake.requests.length, answered: fake.answered.length };
      // The SDK asks again once after a dropped connection: a reply lost for good is lost twice.
      if (fault.kind === 'reply_lost') fake.injectFault(/confirm$/, fault);
      fake.injectFault(/confirm$/, fault);
      return {};
    },
    addCard: async (call) => {
      const form = await call('POST', '/api/payment-methods/card-form', {});
      const token = fake.createPaymentMethod({
        number: '4242424242424242',
        customer: fake.customerOfClientSecret(form.body.clientSecret),
      });
      return savedCardId(await call('POST', '/api/payment-methods', { token }));
    },
    chargesOf: async (db, paymentIds) => [
      ...(await sandboxCharges(db, paymentIds)),
      ...[...fake.charges.values()].flatMap((charge) => {
        const key = fake.intents.get(charge.payment_intent)?.metadata.settle_payment_id ?? '';
        const net = BigInt(charge.amount - charge.amount_refunded);
        return paymentIds.has(key) && net > 0n ? [{ idempotencyKey: key, amountMinor: net }] : [];
      }),
    ],
    lateConfirmArrived: () => fake.answered.slice(marks.answered).some((line) => line.endsWith('/confirm')),
    chargeArrived: () => fake.requests.slice(marks.requests).some((line) => line.endsWith('/confirm')),
    settleWithinMs: 30_000,
  };
}

export function tapPayUnderTest(): ProcessorUnderTest {
  const fake = new FakeTapPay();
  // Where the requests and answers stood when the fault was set: the faulty server's come after.
  let marks = { requests: 0, answered: 0 };
  const secretKey = newSecretKeyText();
  return {
    name: 'tappay',
    start: async () => {
      await fake.start();
    },
    stop: () => fake.stop(),
    env: () => ({
      SETTLE_PROCESSOR: 'tappay',
      TAPPAY_PARTNER_KEY: fake.partnerKey,
      TAPPAY_MERCHANT_ID: fake.merchantId,
      TAPPAY_APP_ID: String(fake.appId),
      TAPPAY_APP_KEY: fake.appKey,
      TAPPAY_API_BASE: fake.apiBase,
      // A request the fake holds for 12 s is still answered within the adapter's window (2 × 10 s),
      // with room to spare on a busy machine.
      SETTLE_PROCESSOR_TIMEOUT_MS: '10000',
      SETTLE_PUBLIC_URL: 'https://billing.example.com',
      // Every process unseals the card keys another bound.
      SETTLE_SECRET_KEY: secretKey,
    }),
    fault: (fault) => {
      marks = { requests: fake.requests.length, answered: fake.answered.length };
      fake.injectFault(/pay-by-token$/, fault);
      return {};
    },
    addCard: async (call) => {
      const saved = await call('POST', '/api/payment-methods/card-sources', {
        prime: fake.primeFor('4242424242424242'),
        name: '林志豪',
      });
      if (saved.status !== 201)
        throw new Error(`binding the prime failed: ${saved.status} ${JSON.stringify(saved.body)}`);
      return savedCardId(await call('POST', '/api/payment-methods', { token: saved.body.token }));
    },
    chargesOf: async (db, paymentIds) => [
      ...(await sandboxCharges(db, paymentIds)),
      ...[...fake.trades.values()].flatMap((trade) => {
        const net = BigInt(trade.amount - trade.refunded_amount) * 100n;
        return paymentIds.has(trade.order_number) && [0, 1, 2].includes(trade.record_status) && net > 0n
          ? [{ idempotencyKey: trade.order_number, amountMinor: net }]
          : [];
      }),
    ],
    lateConfirmArrived: () => fake.answered.slice(marks.answered).includes('/tpc/payment/pay-by-token'),
    chargeArrived: () => fake.requests.slice(marks.requests).includes('/tpc/payment/pay-by-token'),
    // Twice the call's timeout (2 × 10 s) before "no trade" is "not charged", plus reconciliation's backoff.
    settleWithinMs: 60_000,
  };
}
