import { z } from 'zod';
import { maxAmountMinor, supportedCurrencies } from '../domain/money.js';
import { plainTextSchema } from './fields.js';
import { billingFrequencySchema, minorUnits, timestamp } from './wire.js';

// The catalogue: products and their prices.

export const newPriceSchema = z.object({
  currency: z.enum(supportedCurrencies),
  billingFrequency: billingFrequencySchema,
  unitAmountMinor: z
    .number()
    .int()
    .min(0)
    .max(Number(maxAmountMinor))
    .describe('Per license per period, in minor units (NT$300 is 30000)')
    .transform((amount) => BigInt(amount)),
});

export const priceSchema = z.object({
  id: z.string(),
  currency: z.string(),
  billingFrequency: billingFrequencySchema,
  unitAmountMinor: minorUnits,
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
});

export const productSchema = z.object({
  id: z.string(),
  name: z.object({ enUS: z.string(), zhTW: z.string().nullable() }),
  description: z.string(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  prices: z
    .array(priceSchema)
    .describe('Active prices first; archived ones still bill the subscriptions on them'),
});

export const newProductSchema = z.object({
  name: z.object({ enUS: plainTextSchema(120).min(1), zhTW: plainTextSchema(120).min(1).optional() }),
  description: plainTextSchema(500).optional(),
  prices: z.array(newPriceSchema).max(16).default([]),
});
