import type { Selectable } from 'kysely';
import type { Db } from '../db/connect.js';
import { type InvoiceTable, inFlightPaymentStatuses } from '../db/schema.js';

/**
 * In the caller's transaction: the organization's open invoices that money outside a card may pay now,
 * locked, oldest due first (one named first, when given). An invoice whose subscription has a card
 * payment being confirmed is left out: that payment covers it.
 */
export async function lockPayableInvoices(
  tx: Db,
  options: { organizationId: string; firstNumber?: string | null },
): Promise<Selectable<InvoiceTable>[]> {
  const first = options.firstNumber ?? '';
  return tx
    .selectFrom('invoices')
    .selectAll()
    .where('organization_id', '=', options.organizationId)
    .where('status', '=', 'open')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('payments')
            .select('payments.id')
            .whereRef('payments.subscription_id', '=', 'invoices.subscription_id')
            .where('payments.status', 'in', inFlightPaymentStatuses),
        ),
      ),
    )
    .orderBy((eb) => eb.case().when('number', '=', first).then(0).else(1).end())
    .orderBy('issued_on')
    .orderBy('number')
    .forUpdate()
    .execute();
}
