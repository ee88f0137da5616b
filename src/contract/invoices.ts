import { z } from 'zod';
import type { creditNoteObjectSchema } from './objects.js';
import { minorUnits, timestamp } from './wire.js';

// Invoices as the admin center lists them.

export const invoiceSchema = z.object({
  id: z.string(),
  number: z.string(),
  subscriptionId: z.string(),
  productName: z.string(),
  issuedOn: z.string(),
  dueOn: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  currency: z.string(),
  amountMinor: minorUnits,
  taxMinor: minorUnits,
  amountCreditedMinor: minorUnits.describe('What credit notes took off it'),
  amountPaidMinor: minorUnits.describe('Paid so far while it stays open (part paid outside a card)'),
  status: z.enum(['open', 'paid', 'void']),
  paidAt: timestamp.nullable(),
  einvoices: z
    .array(
      z.object({
        id: z.string(),
        number: z.string().nullable().describe('AB12345678, once issued'),
        randomCode: z.string().nullable().describe('隨機碼'),
        issuedAt: timestamp.nullable(),
        status: z.enum(['pending', 'unknown', 'issued', 'failed', 'voided']),
      }),
    )
    .describe(
      'Its e-invoices (電子發票), oldest first: the original, and any issued in place of a voided one',
    ),
});

export type Invoice = z.input<typeof invoiceSchema>;

/** A credit note as the admin center lists it: the provider API's object, on the wire. */
export type CreditNote = z.input<typeof creditNoteObjectSchema>;
