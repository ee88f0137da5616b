import type { Db } from '../db/connect.js';
import { recordEvents } from '../events/record-events.js';
import { readEInvoiceObjects } from '../resources/einvoice-objects.js';

/** An e-invoice's event, its object as GET /einvoices/{id} answers it now (in the caller's transaction). */
export async function recordEInvoiceEvent(
  tx: Db,
  type: 'einvoice.issued' | 'einvoice.voided' | 'einvoice.failed',
  einvoiceId: string,
): Promise<void> {
  const object = (await readEInvoiceObjects(tx, [einvoiceId])).get(einvoiceId);
  if (!object) throw new Error(`e-invoice ${einvoiceId} not found for its event`);
  await recordEvents(tx, [{ type, organizationId: object.organizationId, data: { object } }]);
}

/** einvoice.allowance_issued: the e-invoice with the allowance just issued among its allowances. */
export async function recordAllowanceIssued(tx: Db, einvoiceId: string, allowanceId: string): Promise<void> {
  const object = (await readEInvoiceObjects(tx, [einvoiceId])).get(einvoiceId);
  if (!object) throw new Error(`e-invoice ${einvoiceId} not found for its event`);
  await recordEvents(tx, [
    {
      type: 'einvoice.allowance_issued',
      organizationId: object.organizationId,
      data: { object, allowanceId },
    },
  ]);
}
