import type { ProcessorConfig } from '../config.js';
import type { Db } from '../db/connect.js';
import type { PaymentGateway } from './payment-gateway.js';
import { SandboxGateway } from './sandbox-gateway.js';
import { StripeGateway } from './stripe/stripe-gateway.js';

/**
 * The processor SETTLE_PROCESSOR names, with its keys: the one place that knows the adapters. The
 * sandbox is returned on its own too, for its tokenizer and bank pages (only in sandbox mode).
 */
export function createGateway(
  db: Db,
  processor: ProcessorConfig,
): { gateway: PaymentGateway; sandbox: SandboxGateway | null } {
  if (processor.kind === 'stripe') {
    const base = processor.apiBase;
    const gateway = new StripeGateway(db, {
      secretKey: processor.secretKey,
      publishableKey: processor.publishableKey,
      webhookSecret: processor.webhookSecret,
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
  if (processor.kind === 'tappay') throw new Error('the TapPay adapter is not built yet');
  const sandbox = new SandboxGateway(db);
  return { gateway: sandbox, sandbox };
}
