import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

/**
 * The organization's next invoice number (INV-1001, INV-1002, …): one sequence per organization for
 * every kind of invoice, taken in the caller's transaction (the organization's row is locked until
 * it ends, so two invoices never get one number). The billing run takes numbers a batch at a time
 * from the same counter (run-billing.ts).
 */
export async function nextInvoiceNumber(tx: Db, organizationId: string): Promise<string> {
  const result = await sql<{ number: string }>`
    update organizations set invoice_counter = invoice_counter + 1 where id = ${organizationId}
    returning 'INV-' || invoice_counter as number`.execute(tx);
  const number = result.rows[0]?.number;
  if (!number) throw new Error(`no organization ${organizationId}`);
  return number;
}
