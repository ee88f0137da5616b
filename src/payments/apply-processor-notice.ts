import type { Db } from '../db/connect.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { refreshPayment } from './refresh-payment.js';

/**
 * A processor's webhook says these payments' intents changed. Its body is not trusted for the
 * outcome: each payment is looked up at the processor and recorded through the same exactly-once
 * path as the synchronous answer, so a notice arriving before the answer, after it, or twice records
 * one outcome. Ids Settle does not know (another system's intents on the same account) are skipped.
 * Throws GatewayUnavailableError if the processor cannot be asked (the processor sends it again).
 */
export async function applyProcessorNotice(options: {
  db: Db;
  gateway: PaymentGateway;
  paymentIds: readonly string[];
}): Promise<{ recorded: number }> {
  if (options.paymentIds.length === 0) return { recorded: 0 };
  const known = await options.db
    .selectFrom('payments')
    .select('id')
    .where('id', 'in', options.paymentIds.filter((id) => /^[0-9a-f-]{36}$/.test(id)).concat(['']))
    .execute();
  for (const payment of known)
    await refreshPayment({
      db: options.db,
      gateway: options.gateway,
      paymentId: payment.id,
      actorUserId: null,
    });
  return { recorded: known.length };
}
