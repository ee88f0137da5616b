import type { ProcessorConfig } from '../config.js';
import type { Db } from '../db/connect.js';
import type { SecretKey } from '../secrets/seal.js';
import type { PaymentGateway } from './payment-gateway.js';
import { SandboxGateway } from './sandbox/sandbox-gateway.js';
import { StripeGateway } from './stripe/stripe-gateway.js';
import { TapPayGateway } from './tappay/tappay-gateway.js';

const tapPayHosts = { sandbox: 'https://sandbox.tappaysdk.com', production: 'https://prod.tappaysdk.com' };

/**
 * The processor SETTLE_PROCESSOR names, with its keys: the one place that knows the adapters. The
 * sandbox is returned on its own too, for its tokenizer and bank pages (only in sandbox mode).
 */
export function createGateway(
  db: Db,
  processor: ProcessorConfig,
  server: { secretKey: SecretKey | null; publicUrl: string | undefined; timeoutMs?: number | undefined },
): { gateway: PaymentGateway; sandbox: SandboxGateway | null } {
  if (processor.kind === 'stripe') {
    const base = processor.apiBase;
    const gateway = new StripeGateway(db, {
      secretKey: processor.secretKey,
      publishableKey: processor.publishableKey,
      webhookSecret: processor.webhookSecret,
      timeoutMs: server.timeoutMs,
      ...(base
        ? {
            host: base.hostname,
            port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
            protocol: base.protocol === 'https:' ? 'https' : 'http',
          }
        : {}),
    });
    return { gateway, sandbox: null };
  }
  if (processor.kind === 'tappay') {
    // Checked at start (readConfig, main): TapPay needs both to bind cards and send cardholders back.
    if (!server.secretKey || !server.publicUrl)
      throw new Error('TapPay needs SETTLE_SECRET_KEY (or the data folder’s key file) and SETTLE_PUBLIC_URL');
    const gateway = new TapPayGateway(db, {
      partnerKey: processor.partnerKey,
      merchantId: processor.merchantId,
      appId: processor.appId,
      appKey: processor.appKey,
      server: processor.server,
      apiBase: processor.apiBase?.origin ?? tapPayHosts[processor.server],
      publicUrl: server.publicUrl.replace(/\/$/, ''),
      secretKey: server.secretKey,
      timeoutMs: server.timeoutMs,
    });
    return { gateway, sandbox: null };
  }
  const sandbox = new SandboxGateway(db);
  return { gateway: sandbox, sandbox };
}
