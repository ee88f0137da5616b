import { z } from 'zod';
import { supportedCurrencies } from '../domain/money.js';
import { addressSchema, plainTextSchema, roleSchema } from './fields.js';
import { dunningPolicySchema, organizationObjectSchema } from './objects.js';
import { collectionMethodSchema, localeSchema, timestamp } from './wire.js';

// Organizations, the seller, and the people invited to an organization.

export const organizationSchema = organizationObjectSchema;

export const newOrganizationSchema = z.object({
  name: plainTextSchema(200).min(1).describe('The legal name, as invoices print it'),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as TW or US'),
  currency: z.enum(supportedCurrencies),
  locale: localeSchema.describe('The language of invoices and emails until a user chooses theirs'),
  taxRateBp: z.number().int().min(0).max(10_000).describe('Tax in basis points of the subtotal: 500 = 5%'),
  taxId: plainTextSchema(32).min(1).optional().describe('In TW, the 統一編號, checked'),
  billingAddress: addressSchema.optional(),
  collectionMethod: collectionMethodSchema,
  daysUntilDue: z.number().int().min(1).max(120).optional().describe('With send_invoice only'),
});

export { dunningPolicySchema };

export const organizationChangesSchema = z
  .object({
    name: plainTextSchema(200).min(1),
    billingAddress: addressSchema.nullable(),
    taxId: plainTextSchema(32).min(1).nullable().describe('In TW, the 統一編號, checked'),
    locale: localeSchema,
    taxRateBp: z.number().int().min(0).max(10_000),
    collectionMethod: collectionMethodSchema,
    daysUntilDue: z.number().int().min(1).max(120).describe('With send_invoice only (kept when it stays so)'),
    dunningPolicy: dunningPolicySchema.nullable().describe('Its own dunning policy; null: the seller’s'),
  })
  .partial()
  // Anything else (its currency, its country) is refused, not quietly ignored.
  .strict()
  .describe('What changes, from what is issued next; currency and country do not change');

export const inviteeSchema = z.object({
  email: z.string().email().max(320),
  displayName: plainTextSchema(120).min(1),
  role: roleSchema.default('global_admin'),
  locale: localeSchema.optional().describe('The language of the invitation; the organization’s by default'),
});

export const invitationSchema = z.object({
  userId: z.string(),
  email: z.string(),
  role: roleSchema,
  expiresAt: timestamp,
  acceptUrl: z.string().describe('The one-time link (7 days): shown only in this answer, never stored'),
  emailed: z
    .boolean()
    .describe('Whether Settle emailed it (SMTP_URL set); if not, deliver acceptUrl yourself'),
});

export const sellerProfileSchema = z.object({
  legalName: plainTextSchema(200).min(1),
  address: addressSchema,
  taxId: plainTextSchema(32).min(1).nullable(),
  supportEmail: z.string().email().max(320),
  supportPhone: plainTextSchema(40).min(1).nullable(),
  bankTransfer: z
    .object({
      bankCode: z
        .string()
        .regex(/^\d{3}$/)
        .describe('The bank’s three-digit code (銀行代碼)'),
      bankName: plainTextSchema(100).min(1),
      accountPrefix: z
        .string()
        .regex(/^\d{3,6}$/)
        .describe(
          'The virtual-account prefix the bank gave you: each customer gets a 14-digit account under it',
        ),
    })
    .nullable()
    .optional()
    .describe(
      'Where customers transfer money. Each customer gets its own account number (transferAccountNumber), printed on its invoices; the bank’s notice of a transfer (POST /bank-transfers) pays its invoices. Numbers given stay when this changes',
    ),
  einvoice: z
    .object({
      enabled: z
        .boolean()
        .describe(
          'Issue Taiwan’s government e-invoice (電子發票) for every paid TWD invoice. Needs taxId to be your 統一編號 and an issuer (SETTLE_EINVOICE)',
        ),
    })
    .optional()
    .describe('Left out, it stays as it was'),
});

export const userViewSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string(),
  role: roleSchema,
  status: z.enum(['active', 'invited']),
  secondFactor: z.boolean(),
  createdAt: timestamp,
});

export type UserView = z.input<typeof userViewSchema>;

export type Organization = z.input<typeof organizationSchema>;
