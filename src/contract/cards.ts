import { z } from 'zod';
import { errorSchema } from './api.js';
import { amountMinorSchema, idSchema, paymentStatusSchema, plainTextSchema } from './fields.js';
import { cardSummarySchema } from './objects.js';
import { minorUnits } from './wire.js';

// Cards and card payments: the processor's form, saved cards, settling a balance and its answers.

export const cardExpirySchema = z.object({
  expMonth: z.number().int().min(1).max(12),
  expYear: z.number().int().min(2000).max(2100),
});

// The processor's card reference: the sandbox's tok_…, Stripe's saved PaymentMethod pm_…, or TapPay's
// card key. Never a card number (a number's digits do not fit these shapes).
export const cardTokenSchema = z
  .string()
  .regex(
    /^(tok_[a-f0-9]{24}|pm_[A-Za-z0-9]{8,64}|tpk_[A-Za-z0-9_-]{8,128})$/,
    'must be a card token from the processor',
  );

/** What the browser needs to show the processor's own card form. */
export const cardCollectionSchema = z.discriminatedUnion('processor', [
  z.object({ processor: z.literal('sandbox'), tokenizeUrl: z.string() }),
  z.object({ processor: z.literal('stripe'), publishableKey: z.string(), clientSecret: z.string() }),
  z.object({
    processor: z.literal('tappay'),
    appId: z.number().int(),
    appKey: z.string(),
    serverType: z.enum(['sandbox', 'production']),
  }),
]);

export const processorSchema = z.object({
  processor: z.enum(['sandbox', 'stripe', 'tappay']),
  /** Stripe's publishable key (pk_…), for Stripe.js in the browser; null for the others. */
  publishableKey: z.string().nullable(),
  capabilities: z.object({ updateCardExpiry: z.boolean(), cardholderAuthentication: z.boolean() }),
});

export const settleRequestSchema = z.object({
  expectedAmountMinor: amountMinorSchema,
  card: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('existing'),
      paymentMethodId: idSchema,
      newExpiry: cardExpirySchema.optional(),
    }),
    z.object({ kind: z.literal('new'), token: cardTokenSchema }),
  ]),
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
  subscriptionId: z.string(),
  status: paymentStatusSchema,
  amountMinor: minorUnits,
  currency: z.string(),
  card: cardSummarySchema,
  /** requires_action: what the browser does for the bank's challenge, then POST …/complete. */
  nextAction: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('redirect'), url: z.string() }),
      z.object({ kind: z.literal('processor_script'), clientSecret: z.string() }),
    ])
    .optional(),
});

/** A card payment's answers: charged (200), waiting (202: unknown, or the bank's challenge), refused. */
export const paymentAnswers = {
  200: paymentResultSchema,
  202: paymentResultSchema,
  402: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
};

export const cardInputSchema = z.object({
  number: z.string().max(30),
  expMonth: z.number().int(),
  expYear: z.number().int(),
  cvc: z.string().max(8),
  name: plainTextSchema(200),
});

export const cardTokenReplySchema = z.object({
  token: z.string(),
  brand: z.string(),
  last4: z.string(),
  expMonth: z.number(),
  expYear: z.number(),
});

export type PaymentMethod = z.input<typeof paymentMethodSchema>;

export type PaymentResult = z.input<typeof paymentResultSchema>;

export type CardInput = z.input<typeof cardInputSchema>;

export type CardExpiry = z.input<typeof cardExpirySchema>;

export type SettleRequest = z.input<typeof settleRequestSchema>;

export type CardTokenReply = z.input<typeof cardTokenReplySchema>;

export type CardCollection = z.input<typeof cardCollectionSchema>;

export type ProcessorInfo = z.input<typeof processorSchema>;
