import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { readInvoiceObjects } from '../resources/invoice-objects.js';
import { readPaymentObjects } from '../resources/payment-objects.js';
import { readRefundObjects } from '../resources/refund-objects.js';
import { recordEvents } from './record-events.js';

/** invoice.issued, invoice.paid or invoice.voided for these invoices, as their GET answers them now (in the caller's transaction). */
export async function recordInvoiceEvents(
  tx: Kysely<Database>,
  type: 'invoice.issued' | 'invoice.paid' | 'invoice.voided',
  invoiceIds: readonly string[],
): Promise<void> {
  const objects = await readInvoiceObjects(tx, invoiceIds);
  await recordEvents(
    tx,
    [...objects.values()]
      .sort((a, b) => a.number.localeCompare(b.number, 'en', { numeric: true }))
      .map((object) => ({ type, organizationId: object.organizationId, data: { object } })),
  );
}

/** payment.succeeded or payment.failed, once the payment's outcome and its invoices are written. */
export async function recordPaymentEvent(
  tx: Kysely<Database>,
  type: 'payment.succeeded' | 'payment.failed',
  paymentId: string,
): Promise<void> {
  const object = (await readPaymentObjects(tx, [paymentId])).get(paymentId);
  if (!object) throw new Error(`payment ${paymentId} not found for its event`);
  await recordEvents(tx, [{ type, organizationId: object.organizationId, data: { object } }]);
}

/** payment.refunded: the payment as its GET answers it, and the refund that gave its money back. */
export async function recordPaymentRefunded(
  tx: Kysely<Database>,
  paymentId: string,
  refund: { id: string; amountMinor: bigint; currency: string; reason: string },
): Promise<void> {
  const object = (await readPaymentObjects(tx, [paymentId])).get(paymentId);
  if (!object) throw new Error(`payment ${paymentId} not found for its event`);
  await recordEvents(tx, [
    { type: 'payment.refunded', organizationId: object.organizationId, data: { object, refund } },
  ]);
}

/** refund.succeeded or refund.failed: the refund as its GET answers it now (in the caller's transaction). */
export async function recordRefundEvent(
  tx: Kysely<Database>,
  type: 'refund.succeeded' | 'refund.failed',
  refundId: string,
): Promise<void> {
  const object = (await readRefundObjects(tx, [refundId])).get(refundId);
  if (!object) throw new Error(`refund ${refundId} not found for its event`);
  await recordEvents(tx, [{ type, organizationId: object.organizationId, data: { object } }]);
}
