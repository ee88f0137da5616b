import { z } from 'zod';
import { supportedCurrencies } from '../domain/money.js';
import {
  billingFrequencySchema,
  collectionMethodSchema,
  day,
  localeSchema,
  minorUnits,
  subscriptionStatusSchema,
  timestamp,
} from './wire.js';

// The resources as the provider API's GET answers them, and as every event carries them: one schema
// each, so a webhook's object is exactly what a GET of that resource said at that moment.

const currencySchema = z.enum(supportedCurrencies);

/** A card as every object names it: its brand and last four digits, never more. */
export const cardSummarySchema = z.object({ brand: z.string(), last4: z.string() });
export type CardSummary = z.infer<typeof cardSummarySchema>;

/** The card of a row, or null when it has none (a subscription without a card on file). */
export function cardSummaryOf(brand: string | null, last4: string | null): CardSummary | null {
  return brand && last4 ? { brand, last4 } : null;
}

export const einvoiceBuyerSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('business'),
      taxId: z.string().describe('The buyer’s 統一編號, printed on the invoice'),
      name: z.string().describe('The buyer’s registered name'),
    }),
    z.object({
      kind: z.literal('mobile_barcode'),
      code: z.string().describe('手機條碼: / and 7 of 0-9 A-Z . + -'),
    }),
    z.object({
      kind: z.literal('citizen_certificate'),
      code: z.string().describe('自然人憑證: 2 capital letters and 14 digits'),
    }),
    z.object({ kind: z.literal('donation'), loveCode: z.string().describe('捐贈碼: 3 to 7 digits') }),
    z
      .object({ kind: z.literal('member') })
      .describe('The issuer’s member carrier (會員載具), by the customer’s email'),
    z.object({ kind: z.literal('print') }).describe('A printed proof copy (證明聯) the seller posts'),
  ])
  .describe('Where the e-invoice goes: B2B under a 統一編號, or a B2C carrier, donation or printed copy');

export const einvoiceBuyerChoiceSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('business') }).describe('B2B: the organization’s own 統一編號 and name'),
    z.object({
      kind: z.literal('mobile_barcode'),
      code: z.string().describe('手機條碼: / and 7 of 0-9 A-Z . + -'),
    }),
    z.object({
      kind: z.literal('citizen_certificate'),
      code: z.string().describe('自然人憑證: 2 capital letters and 14 digits'),
    }),
    z.object({ kind: z.literal('donation'), loveCode: z.string().describe('捐贈碼: 3 to 7 digits') }),
    z
      .object({ kind: z.literal('member') })
      .describe('The issuer’s member carrier (會員載具), by the billing email'),
    z.object({ kind: z.literal('print') }).describe('A printed proof copy (證明聯) the seller posts'),
  ])
  .describe('Where its e-invoices go, as its admins chose');

export const subscriptionObjectSchema = z.object({
  object: z.literal('subscription'),
  id: z.string(),
  organizationId: z.string(),
  productId: z.string(),
  priceId: z.string(),
  licenses: z.number().int(),
  billingFrequency: billingFrequencySchema,
  status: subscriptionStatusSchema,
  recurringBilling: z.boolean().describe('False once canceled at the end of the term: it expires then'),
  currentPeriodStart: day,
  currentPeriodEnd: day,
  pastDueSince: timestamp
    .nullable()
    .describe('Since when it owes a payment that failed or an invoice past its due date (dunning has it)'),
  createdAt: timestamp,
});

export const invoiceObjectSchema = z.object({
  object: z.literal('invoice'),
  id: z.string(),
  number: z.string(),
  organizationId: z.string(),
  subscriptionId: z.string(),
  kind: z.enum(['renewal', 'proration']),
  status: z.enum(['open', 'paid', 'void']),
  currency: currencySchema,
  amountMinor: minorUnits,
  taxMinor: minorUnits,
  amountCreditedMinor: minorUnits.describe('What credit notes took off it'),
  amountPaidMinor: minorUnits.describe(
    'What payments paid on it while it stayed open (part paid outside a card)',
  ),
  amountDueMinor: minorUnits.describe(
    'What it still owes: its amount less credits and part payments while open; 0 once paid or void',
  ),
  issuedOn: day,
  dueOn: day,
  periodStart: day,
  periodEnd: day,
  paidAt: timestamp.nullable(),
  paymentId: z.string().nullable(),
  voidedAt: timestamp
    .nullable()
    .describe('When the seller voided it (status void); its amount is no longer owed'),
  voidReason: z.string().nullable().describe('Why it was voided, as the seller wrote it'),
});

export const paymentObjectSchema = z.object({
  object: z.literal('payment'),
  id: z.string(),
  organizationId: z.string(),
  subscriptionId: z.string(),
  status: z.enum(['pending', 'requires_action', 'succeeded', 'failed', 'unknown']),
  currency: currencySchema,
  amountMinor: minorUnits,
  amountRefundedMinor: minorUnits.describe('What its refunds that succeeded gave back'),
  failureCode: z.string().nullable(),
  method: z
    .enum(['card', 'bank_transfer', 'cheque', 'cash', 'other', 'credit_balance'])
    .describe(
      'card: through the processor; credit_balance: the customer’s credit, applied; the others recorded by the seller as the money arrived',
    ),
  card: cardSummarySchema.nullable().describe('The card charged (card payments only)'),
  reference: z.string().nullable().describe('The bank’s or the cheque’s reference (payments outside a card)'),
  receivedOn: day.nullable().describe('The day the money arrived (payments outside a card)'),
  offSession: z.boolean().describe('Charged without the cardholder (a renewal or a retry)'),
  bankTransferId: z
    .string()
    .nullable()
    .describe('The bank transfer that paid it (method bank_transfer, from the bank’s notice)'),
  invoiceIds: z.array(z.string()),
  createdAt: timestamp,
});

export const bankTransferObjectSchema = z.object({
  object: z.literal('bank_transfer'),
  id: z.string(),
  organizationId: z.string(),
  accountNumber: z.string().describe('The organization’s own account it was sent to'),
  bankReference: z.string().describe('The bank’s reference: one notice, one transfer'),
  currency: currencySchema,
  amountMinor: minorUnits,
  receivedOn: day,
  memo: z.string().nullable().describe('What the payer wrote with it; an invoice number in it is paid first'),
  amountAppliedMinor: minorUnits.describe('What paid open invoices, oldest due first'),
  amountCreditedMinor: minorUnits.describe('What was left over: the customer’s credit balance'),
  paymentIds: z.array(z.string()).describe('A payment per invoice it paid (method bank_transfer)'),
  createdAt: timestamp,
});

export const refundReasonSchema = z
  .enum(['requested_by_customer', 'duplicate', 'fraudulent', 'service_issue', 'other', 'unrecorded_charge'])
  .describe('unrecorded_charge: Settle’s own, for a charge it had concluded was never made');

export const refundObjectSchema = z.object({
  object: z.literal('refund'),
  id: z.string(),
  paymentId: z.string(),
  organizationId: z.string(),
  subscriptionId: z.string(),
  status: z
    .enum(['pending', 'succeeded', 'failed'])
    .describe('pending: sent, or its answer lost and being asked again; failed: the processor refused it'),
  currency: currencySchema,
  amountMinor: minorUnits,
  reason: refundReasonSchema,
  note: z.string().nullable(),
  failureCode: z.string().nullable().describe('The processor’s reason for refusing it (failed only)'),
  createdAt: timestamp,
  succeededAt: timestamp.nullable(),
});

export const creditNoteObjectSchema = z.object({
  object: z.literal('credit_note'),
  id: z.string(),
  number: z.string().describe('The seller’s own sequence for credit notes: CN-1001, CN-1002, …'),
  organizationId: z.string(),
  subscriptionId: z.string().nullable().describe('Null for a credit to the customer’s balance'),
  kind: z
    .enum(['invoice_reduction', 'refund', 'customer_balance'])
    .describe(
      'invoice_reduction: an open invoice owes less; refund: documents money given back to the card; customer_balance: credited to the customer’s balance, for its next invoices',
    ),
  refundId: z.string().nullable(),
  currency: currencySchema,
  amountMinor: minorUnits.describe('Tax included'),
  taxMinor: minorUnits,
  reason: refundReasonSchema.exclude(['unrecorded_charge']),
  note: z.string().nullable(),
  issuedOn: day,
  lines: z
    .array(
      z.object({
        invoiceId: z.string(),
        invoiceNumber: z.string(),
        amountMinor: minorUnits,
        taxMinor: minorUnits,
      }),
    )
    .describe('What it takes off each invoice'),
  createdAt: timestamp,
});

export const creditBalanceObjectSchema = z.object({
  object: z.literal('credit_balance'),
  organizationId: z.string(),
  currency: currencySchema,
  amountMinor: minorUnits.describe(
    'What the seller keeps for the customer’s next invoices: it pays them before any card is charged',
  ),
});

export const dunningPolicySchema = z.object({
  retryDays: z
    .array(z.number().int().min(1).max(730))
    .max(12)
    .describe('Days after the first failure on which the card is tried again, ascending'),
  disabledAfterDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .describe('Past due this many days, Expired (已到期) becomes Disabled (已停用): the grace period'),
  deletedAfterDays: z
    .number()
    .int()
    .min(2)
    .max(730)
    .nullable()
    .describe(
      'Past due this many days, Disabled becomes Deleted; null: it stays Disabled until paid or canceled',
    ),
});

export const organizationObjectSchema = z.object({
  object: z.literal('organization'),
  id: z.string(),
  name: z.string(),
  country: z.string().nullable(),
  currency: currencySchema,
  locale: localeSchema,
  taxRateBp: z.number().int(),
  taxId: z.string().nullable(),
  billingAddress: z.string().nullable(),
  collectionMethod: collectionMethodSchema,
  daysUntilDue: z.number().int().nullable(),
  createdAt: timestamp,
  archivedAt: timestamp
    .nullable()
    .describe(
      'When the seller archived it: no new subscriptions or invitations; null while it is a customer',
    ),
  transferAccountNumber: z
    .string()
    .nullable()
    .describe(
      'Its own account at the seller’s bank (a virtual account, GET /seller-profile): a transfer to it pays its invoices. Null until the seller sets a bank',
    ),
  einvoiceBuyer: einvoiceBuyerChoiceSchema
    .nullable()
    .describe(
      'Where its e-invoices go, as its admins chose; null: B2B under its taxId if it has one, else the issuer’s member carrier',
    ),
  dunningPolicy: dunningPolicySchema
    .nullable()
    .describe(
      'Its own dunning policy, where the seller gave it one; null: the seller’s (GET /dunning-policy)',
    ),
});

export const einvoiceStatusSchema = z
  .enum(['pending', 'unknown', 'issued', 'failed', 'voided', 'canceled'])
  .describe(
    'pending: being issued; unknown: the issuer did not answer, asked again before anything else; issued; failed: the issuer refused it (retry once the cause is mended); voided (作廢); canceled: voided before it was ever issued',
  );

export const einvoiceObjectSchema = z.object({
  object: z.literal('einvoice'),
  id: z.string().describe('Settle’s id, and the seller’s id (RelateNumber) at the issuer'),
  organizationId: z.string(),
  invoiceId: z.string(),
  invoiceNumber: z.string(),
  status: einvoiceStatusSchema,
  number: z.string().nullable().describe('字軌 and 8 digits, AB12345678 (printed AB-12345678), once issued'),
  randomCode: z.string().nullable().describe('隨機碼: 4 digits, with which the buyer looks it up'),
  issuedAt: timestamp.nullable(),
  period: z
    .string()
    .nullable()
    .describe('The two-month period it was issued in, by its first month: 2026-11'),
  buyer: einvoiceBuyerSchema,
  currency: z.literal('TWD'),
  amountMinor: minorUnits.describe('Tax included, whole NT$'),
  taxMinor: minorUnits.describe('The 5% business tax (營業稅) inside it'),
  replacesEInvoiceId: z
    .string()
    .nullable()
    .describe('The e-invoice this one was issued in place of (voided)'),
  reissuedAsEInvoiceId: z.string().nullable().describe('The e-invoice issued in its place, once voided'),
  failureCode: z.string().nullable(),
  failureMessage: z.string().nullable().describe('The issuer’s own words (failed only)'),
  voidRequestedAt: timestamp.nullable(),
  voidReason: z.string().nullable(),
  voidedAt: timestamp.nullable(),
  allowances: z
    .array(
      z.object({
        id: z.string(),
        creditNoteId: z.string(),
        status: z.enum(['pending', 'unknown', 'issued', 'failed', 'voided']),
        number: z.string().nullable().describe('The issuer’s allowance number (折讓單號)'),
        amountMinor: minorUnits,
        taxMinor: minorUnits,
        issuedAt: timestamp.nullable(),
        failureCode: z.string().nullable(),
      }),
    )
    .describe('Allowances (折讓) for credits after its period'),
  createdAt: timestamp,
});

export type SubscriptionObject = z.output<typeof subscriptionObjectSchema>;
export type InvoiceObject = z.output<typeof invoiceObjectSchema>;
export type PaymentObject = z.output<typeof paymentObjectSchema>;
export type RefundObject = z.output<typeof refundObjectSchema>;
export type CreditNoteObject = z.output<typeof creditNoteObjectSchema>;
export type OrganizationObject = z.output<typeof organizationObjectSchema>;
export type BankTransferObject = z.output<typeof bankTransferObjectSchema>;
export type CreditBalanceObject = z.output<typeof creditBalanceObjectSchema>;
export type EInvoiceObject = z.output<typeof einvoiceObjectSchema>;
