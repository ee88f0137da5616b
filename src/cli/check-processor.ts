// npm run check:processor: a short smoke test of the configured card processor in its TEST mode:
// save a test card, charge it, look the charge up, refund it, and see the refund. It never touches
// Settle's own database (the adapter's bookkeeping goes to a throwaway one), and it refuses live keys.
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { ConfigError, readConfig } from '../config.js';
import { connect } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { createGateway } from '../gateway/create-gateway.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { SandboxGateway } from '../gateway/sandbox/sandbox-gateway.js';
import { newSecretKeyText, parseSecretKey } from '../secrets/seal.js';

/** TapPay's documented sandbox prime (a test card), and Stripe's test PaymentMethod for a Visa. */
const tapPayTestPrime = 'test_3a2fb2b7e892b914a03c95dd4dd5dc7970c908df67a49527c0a648b2bc9';
const stripeTestCard = 'pm_card_visa';

let config: ReturnType<typeof readConfig>;
try {
  config = readConfig();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : String(error));
  process.exit(1);
}
const processor = config.processor;
if (
  (processor.kind === 'stripe' && processor.live) ||
  (processor.kind === 'tappay' && processor.server === 'production')
) {
  console.error(
    'check:processor runs in test mode only: set test keys (sk_test_…, pk_test_…) or TAPPAY_SERVER=sandbox.',
  );
  process.exit(1);
}

const db = connect({});
await migrateToLatest(db);
const { gateway } = createGateway(db, processor, {
  secretKey: parseSecretKey(newSecretKeyText()),
  publicUrl: config.publicUrl ?? 'https://settle.invalid',
});
const label =
  processor.kind === 'stripe'
    ? 'Stripe (test mode)'
    : processor.kind === 'tappay'
      ? 'TapPay (sandbox)'
      : 'the built-in sandbox';
console.log(
  `Checking ${label}${'apiBase' in processor && processor.apiBase ? ` at ${processor.apiBase.origin}` : ''}`,
);

let failed = false;
async function step<T>(name: string, work: () => Promise<T>): Promise<T | undefined> {
  const started = performance.now();
  try {
    const result = await work();
    console.log(`  ✓ ${name.padEnd(28)} ${Math.round(performance.now() - started)} ms`);
    return result;
  } catch (error) {
    failed = true;
    // The error's kind and first line only: never a value that might carry a key or a token.
    const reason = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : 'failed';
    console.log(`  ✗ ${name.padEnd(28)} ${reason}`);
    return undefined;
  }
}

async function saveTestCard(target: PaymentGateway): Promise<string> {
  if (target instanceof SandboxGateway) {
    const year = new Date().getUTCFullYear() + 3;
    return (
      await target.tokenizeCard({
        number: '4242424242424242',
        expMonth: 12,
        expYear: year,
        cvc: '123',
        name: 'SETTLE CHECK',
      })
    ).token;
  }
  if (processor.kind === 'stripe') {
    // What Stripe.js does in the browser: the test card attached to the organization's customer.
    await target.prepareCardCollection({ id: 'settle-check-processor', name: 'Settle check:processor' });
    const customer = await db
      .selectFrom('processor_customers')
      .select('customer_id')
      .executeTakeFirstOrThrow();
    const stripe = new Stripe(processor.secretKey, {
      ...(processor.apiBase
        ? {
            host: processor.apiBase.hostname,
            port: Number(processor.apiBase.port),
            protocol: processor.apiBase.protocol === 'https:' ? 'https' : 'http',
          }
        : {}),
    });
    return (await stripe.paymentMethods.attach(stripeTestCard, { customer: customer.customer_id })).id;
  }
  if (!target.saveCardSource) throw new Error('this processor cannot save a card here');
  const card = await target.saveCardSource(
    { prime: tapPayTestPrime },
    {
      organizationId: 'settle-check-processor',
      cardholderName: 'SETTLE CHECK',
      email: 'check@settle.invalid',
    },
  );
  return card.token;
}

const paymentId = randomUUID();
// One New Taiwan dollar on TapPay; one US dollar elsewhere (test mode).
const amount =
  processor.kind === 'tappay'
    ? { amountMinor: 100n, currency: 'TWD' }
    : { amountMinor: 100n, currency: 'USD' };
const token = await step('save a test card', () => saveTestCard(gateway));
if (token) {
  const charged = await step('charge it (off-session)', async () => {
    await gateway.createIntent({ idempotencyKey: paymentId, token, offSession: true, ...amount });
    const outcome = await gateway.confirmIntent(paymentId);
    if (outcome.status !== 'succeeded') throw new Error(`the charge ended ${outcome.status}`);
    return outcome;
  });
  if (charged) {
    await step('look the charge up', async () => {
      const state = await gateway.lookupIntent(paymentId);
      if (state.status !== 'succeeded') throw new Error(`lookup says ${state.status}`);
    });
    await step('refund it', () =>
      gateway.refund({ idempotencyKey: randomUUID(), chargeKey: paymentId, amountMinor: amount.amountMinor }),
    );
    await step('see the refund', async () => {
      const [charge] = await gateway.findCharges([paymentId]);
      if (charge?.refundedMinor !== amount.amountMinor) throw new Error('the refund is not on the charge');
    });
  }
}
await db.destroy();
console.log(failed ? 'Processor check FAILED' : 'Processor check OK');
process.exitCode = failed ? 1 : 0;
