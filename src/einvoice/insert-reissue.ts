import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connect.js';
import type { EInvoiceTable } from '../db/schema.js';
import { type EInvoiceBuyer, einvoiceTaxMinor } from '../domain/einvoice.js';
import { relateNumberOf } from './request-einvoices.js';

/**
 * The e-invoice that replaces one being voided, for what is left of its amount: after a credit in the
 * same period, or a cancel-and-reissue (註銷重開) to another buyer. It stays pending until its
 * predecessor's void is through (issueEInvoice waits for it).
 */
export async function insertReissue(
  tx: Db,
  options: {
    replaced: Pick<
      EInvoiceTable,
      'id' | 'organization_id' | 'invoice_id' | 'buyer_email' | 'buyer_address' | 'item_name'
    >;
    amountMinor: bigint;
    buyer: EInvoiceBuyer;
    buyerName: string;
  },
): Promise<string> {
  const id = randomUUID();
  const { replaced } = options;
  await tx
    .insertInto('einvoices')
    .values({
      id,
      organization_id: replaced.organization_id,
      invoice_id: replaced.invoice_id,
      relate_number: relateNumberOf(id),
      replaces_einvoice_id: replaced.id,
      status: 'pending',
      buyer: JSON.stringify(options.buyer),
      buyer_email: replaced.buyer_email,
      buyer_name: options.buyerName,
      buyer_address: replaced.buyer_address,
      amount_minor: options.amountMinor,
      tax_minor: einvoiceTaxMinor(options.amountMinor),
      item_name: replaced.item_name,
    })
    .execute();
  return id;
}
