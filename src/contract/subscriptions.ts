import { z } from 'zod';
import { calendarDateSchema, paymentStatusSchema } from './fields.js';
import { cardSummarySchema, subscriptionObjectSchema } from './objects.js';
import { billingFrequencySchema, minorUnits, subscriptionStatusSchema, timestamp } from './wire.js';

// Subscriptions as the admin center and the provider API show and change them.

export const subscriptionSummarySchema = z.object({
  id: z.string(),
  productName: z.string(),
  licenses: z.number().int(),
  billingFrequency: billingFrequencySchema,
  status: subscriptionStatusSchema,
  recurringBilling: z.boolean(),
  nextBillingDate: z.string(),
  currency: z.string(),
  periodAmountMinor: minorUnits,
  amountDueMinor: minorUnits,
  amountDueOn: z.iso
    .date()
    .nullable()
    .describe('The earliest due date of its open invoices; null when nothing is owed'),
  pastDueSince: timestamp
    .nullable()
    .describe(
      'Past due (an invoice past its due date, or a failed automatic charge) since then; null when not',
    ),
  paymentInProgress: z.boolean(),
  card: cardSummarySchema.nullable(),
});

export const subscriptionPageSchema = z.object({
  items: z.array(subscriptionSummarySchema),
  nextCursor: z.string().nullable(),
});

export const subscriptionDetailsSchema = subscriptionSummarySchema.extend({
  paymentMethodId: z.string().nullable(),
  openInvoices: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      issuedOn: z.string(),
      dueOn: z.string(),
      amountMinor: minorUnits,
    }),
  ),
  latestPayment: z
    .object({
      id: z.string(),
      status: paymentStatusSchema,
      failureCode: z.string().nullable(),
      createdAt: timestamp,
    })
    .nullable(),
});

export const renewalPreviewSchema = z.object({
  recurringBilling: z.boolean(),
  billingFrequency: billingFrequencySchema,
  nextInvoiceDate: z.string().nullable(),
  periodEnd: z.string().nullable(),
  currency: z.string(),
  subtotalMinor: minorUnits,
  taxMinor: minorUnits,
  totalMinor: minorUnits,
});

export const billingSettingsSchema = z.object({
  billingFrequency: billingFrequencySchema.optional(),
  recurringBilling: z.boolean().optional(),
});

export const licenseCountSchema = z.number().int().min(1).max(100_000);

export const licenseChangeSchema = z.object({
  previousLicenses: z.number().int(),
  licenses: z.number().int(),
  currency: z.string(),
  prorationTotalMinor: minorUnits,
  prorationTaxMinor: minorUnits,
  daysLeft: z.number().int(),
  renewalTotalMinor: minorUnits,
  payment: paymentStatusSchema.nullable(),
});

export const billingSummarySchema = z.object({
  currency: z.string(),
  outstandingMinor: minorUnits,
  pastDueSubscriptions: z.number().int(),
  creditBalanceMinor: minorUnits.describe(
    'Kept for the organization’s next invoices: it pays them before any card is charged',
  ),
  paymentsInProgress: z.number().int(),
  bankTransfer: z
    .object({
      bankCode: z.string(),
      bankName: z.string(),
      accountName: z.string().describe('The seller, as the bank knows it'),
      accountNumber: z
        .string()
        .describe('The organization’s own account: a transfer to it pays its invoices'),
    })
    .nullable()
    .describe('Where to transfer money, for an organization that pays its invoices itself'),
});

export const providerSubscriptionSchema = subscriptionObjectSchema;

export const priceSwitchRequestSchema = z.object({
  priceId: z.string().uuid().describe('The price to switch to, in the organization’s currency'),
  when: z
    .enum(['now', 'period_end'])
    .describe(
      'now: a price of the same frequency, any product, the days left re-priced; period_end: a price of the same product, any frequency, from the next renewal',
    ),
});

export const priceSwitchSchema = z.object({
  when: z.enum(['now', 'period_end']),
  fromPriceId: z.string(),
  toPriceId: z.string(),
  currency: z.string(),
  direction: z
    .enum(['charge', 'credit', 'none'])
    .describe('Now: the days left billed (charge) or credited to the customer’s balance (credit)'),
  amountMinor: minorUnits.describe('Tax included'),
  taxMinor: minorUnits,
  daysLeft: z.number().int(),
  renewalTotalMinor: minorUnits.describe('What each renewal costs from the next one on, tax included'),
  billingFrequency: billingFrequencySchema,
});

export const newSubscriptionSchema = z.object({
  priceId: z.string().min(1).max(64).describe('A price of the catalogue in the organization’s currency'),
  licenses: z.number().int().min(1).max(100_000),
  startOn: calendarDateSchema.optional().describe('Today by default; the first invoice is issued at once'),
});

export type SubscriptionStatus = z.input<typeof subscriptionStatusSchema>;

export type SubscriptionSummary = z.input<typeof subscriptionSummarySchema>;

export type SubscriptionPage = z.input<typeof subscriptionPageSchema>;

export type SubscriptionDetails = z.input<typeof subscriptionDetailsSchema>;

export type RenewalPreview = z.input<typeof renewalPreviewSchema>;

export type LicenseChange = z.input<typeof licenseChangeSchema>;

export type BillingSummary = z.input<typeof billingSummarySchema>;
