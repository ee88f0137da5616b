import { z } from 'zod';
import { maxAmountMinor } from '../domain/money.js';

// Shared by the routes and the OpenAPI document; amounts are integer minor units.
export const amountMinorSchema = z
  .number()
  .int()
  .positive()
  .max(Number(maxAmountMinor))
  .describe('Integer amount in the currency’s minor units (cents)');
export const idSchema = z.string().uuid();
/** A real calendar day (no February 30th), in the years a bill can have. */
export const calendarDateSchema = z.iso
  .date()
  .refine((day) => day >= '1900-01-01' && day <= '9999-12-31', { message: 'date out of range' });
/** Text that may be stored: no NUL or other control characters (PostgreSQL refuses NUL in text). */
export const plainTextSchema = (maxLength: number) =>
  z
    .string()
    .max(maxLength)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'control characters are not allowed');
/** A positive bigint id as a string, within PostgreSQL's int8. */
export const int8StringSchema = z
  .string()
  .regex(/^\d{1,19}$/)
  .refine((value) => BigInt(value) <= 9_223_372_036_854_775_807n, { message: 'out of range' });
export const localeSchema = z.enum(['en-US', 'zh-TW']);
// Checked by the idempotency hook (idempotency_key_missing), so it is optional to the validator.
export const idempotencyHeaders = z
  .object({
    'idempotency-key': z
      .string()
      .optional()
      .describe(
        'Required: a unique key per user action (8-255 characters); a repeat replays the first answer',
      ),
  })
  .passthrough();
export const errorSchema = z.object({ code: z.string(), message: z.string() }).passthrough();

export const cardExpirySchema = z.object({
  expMonth: z.number().int().min(1).max(12),
  expYear: z.number().int().min(2000).max(2100),
});

export const settleRequestSchema = z.object({
  expectedAmountMinor: amountMinorSchema,
  card: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('existing'),
      paymentMethodId: idSchema,
      newExpiry: cardExpirySchema.optional(),
    }),
    z.object({ kind: z.literal('new'), token: z.string().regex(/^tok_[a-f0-9]{24}$/) }),
  ]),
});

export const subscriptionSummarySchema = z.object({
  id: z.string(),
  productName: z.string(),
  licenses: z.number().int(),
  billingFrequency: z.enum(['monthly', 'annual']),
  status: z.enum(['active', 'expired', 'disabled', 'deleted']),
  recurringBilling: z.boolean(),
  nextBillingDate: z.string(),
  currency: z.string(),
  periodAmountMinor: z.number().int(),
  amountDueMinor: z.number().int(),
  paymentInProgress: z.boolean(),
  card: z.object({ brand: z.string(), last4: z.string() }).nullable(),
});

export const subscriptionDetailsSchema = subscriptionSummarySchema.extend({
  paymentMethodId: z.string().nullable(),
  pastDueSince: z.string().nullable(),
  openInvoices: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      issuedOn: z.string(),
      dueOn: z.string(),
      amountMinor: z.number().int(),
    }),
  ),
  latestPayment: z
    .object({ id: z.string(), status: z.string(), failureCode: z.string().nullable(), createdAt: z.string() })
    .nullable(),
});

export const paymentMethodSchema = z.object({
  id: z.string(),
  brand: z.string(),
  last4: z.string(),
  expMonth: z.number().int(),
  expYear: z.number().int(),
  cardholderName: z.string(),
  ownerName: z.string(),
  ownedByMe: z.boolean(),
  expired: z.boolean(),
  subscriptionCount: z.number().int(),
});

export const paymentResultSchema = z.object({
  paymentId: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed', 'unknown']),
  amountMinor: z.number().int(),
  currency: z.string(),
  card: z.object({ brand: z.string(), last4: z.string() }),
});
