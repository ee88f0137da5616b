import type { Db } from '../../../src/db/connect.js';
import { StripeGateway } from '../../../src/gateway/stripe/stripe-gateway.js';
import { TapPayGateway } from '../../../src/gateway/tappay/tappay-gateway.js';
import type { SecretKey } from '../../../src/secrets/seal.js';
import type { FakeStripe } from './fake-stripe.js';
import type { FakeTapPay } from './fake-tappay.js';

/** The Stripe adapter with the SDK pointed at the fake, with a short timeout for the fault cases. */
export function stripeAgainst(fake: FakeStripe, db: Db): StripeGateway {
  return new StripeGateway(db, {
    secretKey: fake.secretKey,
    publishableKey: fake.publishableKey,
    webhookSecret: fake.webhookSecret,
    host: '127.0.0.1',
    port: fake.port,
    protocol: 'http',
    timeoutMs: 500,
  });
}

/** The TapPay adapter with its base URL pointed at the fake, with a short timeout for the fault cases. */
export function tapPayAgainst(fake: FakeTapPay, db: Db, secretKey: SecretKey): TapPayGateway {
  return new TapPayGateway(db, {
    partnerKey: fake.partnerKey,
    merchantId: fake.merchantId,
    appId: fake.appId,
    appKey: fake.appKey,
    server: 'sandbox',
    apiBase: fake.apiBase,
    publicUrl: 'https://billing.example.com',
    secretKey,
    timeoutMs: 500,
  });
}
