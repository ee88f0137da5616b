import type { Db } from '../db/connect.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';

/**
 * What the processor holds, net of refunds, for the ledger check to compare one to one with Settle's
 * payments. The sandbox lists every charge it ever made; a real processor is asked about each of
 * Settle's payments (one call each: a check to run, not a page to serve).
 */
export async function processorCharges(options: {
  db: Db;
  gateway: PaymentGateway;
}): Promise<{ idempotencyKey: string; amountMinor: bigint }[]> {
  if (options.gateway.succeededCharges) return options.gateway.succeededCharges();
  const payments = await options.db
    .selectFrom('payments')
    .select('id')
    .where('method', '=', 'card')
    .execute();
  const charges = await options.gateway.findCharges(payments.map((payment) => payment.id));
  return charges
    .filter((charge) => charge.amountMinor > charge.refundedMinor)
    .map((charge) => ({
      idempotencyKey: charge.idempotencyKey,
      amountMinor: charge.amountMinor - charge.refundedMinor,
    }));
}
