import { z } from 'zod';
import {
  cardSummarySchema,
  organizationObjectSchema,
  subscriptionObjectSchema,
} from '../contract/objects.js';
import { minorUnits, timestamp } from '../contract/wire.js';
import { containsCardNumber } from '../domain/card.js';
import { maxAmountMinor, supportedCurrencies } from '../domain/money.js';
import { webhookEventTypes } from '../domain/webhook-events.js';

// The one contract: every request and response shape, used by the routes (validation and
// serialization), the OpenAPI document and, as types, the web app (z.input is what travels as JSON).
// Amounts are bigint minor units in the code and JSON integers on the wire; times are Date in the code
// and ISO 8601 strings on the wire: the codecs below convert, in one place, on the way out.
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
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'control characters are not allowed')
    .refine((text) => !containsCardNumber(text), { message: 'a card number is not allowed here' });
/** A positive bigint id as a string, within PostgreSQL's int8. */
export const int8StringSchema = z
  .string()
  .regex(/^\d{1,19}$/)
  // zod runs refinements after a failed pattern too: BigInt('abc') must never be reached.
  .refine((value) => /^\d{1,19}$/.test(value) && BigInt(value) <= 9_223_372_036_854_775_807n, {
    message: 'out of range',
  });
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

export { minorUnits, timestamp } from '../contract/wire.js';

const billingFrequencySchema = z.enum(['monthly', 'annual']);
const paymentStatusSchema = z.enum(['pending', 'requires_action', 'succeeded', 'failed', 'unknown']);
const roleSchema = z.enum(['global_admin', 'billing_admin', 'global_reader', 'user']);
const subscriptionStatusSchema = z.enum(['active', 'expired', 'disabled', 'deleted']);

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

export const meSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  email: z.string(),
  role: roleSchema,
  locale: localeSchema,
  localeIsSaved: z.boolean(),
  attachInvoicePdf: z.boolean(),
  organization: z.object({ id: z.string(), name: z.string(), currency: z.string() }),
});

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
  paymentInProgress: z.boolean(),
  card: cardSummarySchema.nullable(),
});

export const subscriptionPageSchema = z.object({
  items: z.array(subscriptionSummarySchema),
  nextCursor: z.string().nullable(),
});

export const subscriptionDetailsSchema = subscriptionSummarySchema.extend({
  paymentMethodId: z.string().nullable(),
  pastDueSince: timestamp.nullable(),
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
  paymentsInProgress: z.number().int(),
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
  status: z.enum(['open', 'paid', 'void']),
  paidAt: timestamp.nullable(),
});

export const auditEntrySchema = z.object({
  id: z.string(),
  at: timestamp,
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable().describe('null: Settle itself (renewals, dunning)'),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  target: z.object({ name: z.string().nullable(), card: cardSummarySchema.nullable() }),
  details: z.record(z.string(), z.unknown()),
  cards: z.record(z.string(), cardSummarySchema).describe('the cards the details name by id'),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});

export const messageSchema = z.object({
  id: z.string(),
  kind: z.string(),
  subject: z.string(),
  body: z.string(),
  createdAt: timestamp,
  sentAt: timestamp.nullable(),
});

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

/** After a right password: what the sign-in still needs (204 when nothing), and with what. */
export const signInNextStepSchema = z.object({
  next: z.enum(['second_factor', 'set_up_second_factor']),
  methods: z.array(z.enum(['passkey', 'authenticator_app'])),
});
/** The JSON @simplewebauthn/browser makes from a passkey's answer; the server library checks the rest. */
const webAuthnResponseFields = {
  id: z.string().min(1).max(1024),
  rawId: z.string().min(1).max(1024),
  type: z.literal('public-key'),
  clientExtensionResults: z.object({}).passthrough(),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
};
export const passkeyAssertionSchema = z.object({
  ...webAuthnResponseFields,
  response: z.object({
    clientDataJSON: z.string().max(4096),
    authenticatorData: z.string().max(4096),
    signature: z.string().max(4096),
    userHandle: z.string().max(1024).optional(),
  }),
});
export const passkeyRegistrationSchema = z.object({
  ...webAuthnResponseFields,
  response: z
    .object({
      clientDataJSON: z.string().max(4096),
      attestationObject: z.string().max(16_384),
      transports: z.array(z.string().max(32)).max(10).optional(),
    })
    .passthrough(),
});
/** Options for navigator.credentials, as WebAuthn's JSON: passed to the browser as they are. */
export const webAuthnOptionsSchema = z.object({ challenge: z.string() }).passthrough();
export const passkeyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
});
/** Six digits from an authenticator app, or a recovery code (xxxx-xxxx-xxxx-xxxx). */
export const secondFactorCodeSchema = z
  .string()
  .regex(/^[A-Za-z0-9 -]{6,40}$/, 'a code of 6 to 40 letters and digits');
export const secondFactorProofSchema = z.union([
  z.object({ code: secondFactorCodeSchema }).strict(),
  z.object({ passkey: passkeyAssertionSchema }).strict(),
]);
export const reauthenticateRequestSchema = z.union([
  z.object({ password: z.string().min(1).max(200) }).strict(),
  ...secondFactorProofSchema.options,
]);
export const totpSetupSchema = z.object({
  secret: z.string().describe('Base32, for typing into the app when the QR code cannot be scanned'),
  otpauthUri: z.string(),
  qrCodeSvg: z.string(),
});
export const recoveryCodesSchema = z.object({
  recoveryCodes: z.array(z.string()).describe('Shown once: only their hashes are kept'),
});
/** A user's first second factor comes with recovery codes; a further one does not (null). */
export const newFactorSchema = z.object({
  recoveryCodes: z.array(z.string()).nullable().describe('Shown once, with a first second factor'),
});
export const securitySettingsSchema = z.object({
  authenticatorApp: z.boolean(),
  passkeys: z.array(passkeyViewSchema),
  recoveryCodesLeft: z.number().int(),
  organizationRequiresMfa: z.boolean(),
  requiredForMe: z.boolean(),
  authenticatorAppAvailable: z.boolean(),
});
export const sessionViewSchema = z.object({
  id: z.string(),
  signedInAt: timestamp,
  lastSeenAt: timestamp,
  expiresAt: timestamp,
  userAgent: z.string().nullable(),
  ipAddress: z.string().nullable(),
  current: z.boolean(),
});

/** An address: lines of plain text (newlines allowed, no other control characters, no card number). */
export const addressSchema = z
  .string()
  .min(1)
  .max(500)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .regex(/^[^\u0000-\u0009\u000b-\u001f\u007f]*$/, 'control characters are not allowed')
  .refine((text) => !containsCardNumber(text), { message: 'a card number is not allowed here' });
const collectionMethodSchema = z
  .enum(['charge_automatically', 'send_invoice'])
  .describe('charge_automatically: the card on file; send_invoice: invoices payable within daysUntilDue');
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
export const catalogueIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'an id of letters, digits, _ and -');
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
export const newPasswordSchema = z
  .string()
  .min(1)
  .max(200)
  .describe('At least 12 characters, not a commonly used password');
export const linkTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'the token from the link');
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
export const providerSubscriptionSchema = subscriptionObjectSchema;

export const newSubscriptionSchema = z.object({
  priceId: z.string().min(1).max(64).describe('A price of the catalogue in the organization’s currency'),
  licenses: z.number().int().min(1).max(100_000),
  startOn: calendarDateSchema.optional().describe('Today by default; the first invoice is issued at once'),
});
export const sellerProfileSchema = z.object({
  legalName: plainTextSchema(200).min(1),
  address: addressSchema,
  taxId: plainTextSchema(32).min(1).nullable(),
  supportEmail: z.string().email().max(320),
  supportPhone: plainTextSchema(40).min(1).nullable(),
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
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().max(200).optional().describe('nextCursor of the previous page'),
});
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

// What travels as JSON, for the web app: the wire side of each schema.
export type Locale = z.input<typeof localeSchema>;
export type Role = z.input<typeof roleSchema>;
export type SubscriptionStatus = z.input<typeof subscriptionStatusSchema>;
export type Me = z.input<typeof meSchema>;
export type SubscriptionSummary = z.input<typeof subscriptionSummarySchema>;
export type SubscriptionPage = z.input<typeof subscriptionPageSchema>;
export type SubscriptionDetails = z.input<typeof subscriptionDetailsSchema>;
export type RenewalPreview = z.input<typeof renewalPreviewSchema>;
export type LicenseChange = z.input<typeof licenseChangeSchema>;
export type BillingSummary = z.input<typeof billingSummarySchema>;
export type PaymentMethod = z.input<typeof paymentMethodSchema>;
export type PaymentResult = z.input<typeof paymentResultSchema>;
export type Invoice = z.input<typeof invoiceSchema>;
export type AuditEntry = z.input<typeof auditEntrySchema>;
export type Message = z.input<typeof messageSchema>;
export type CardInput = z.input<typeof cardInputSchema>;
export type CardExpiry = z.input<typeof cardExpirySchema>;
export type SettleRequest = z.input<typeof settleRequestSchema>;
export type CardTokenReply = z.input<typeof cardTokenReplySchema>;
export type SignInNextStep = z.input<typeof signInNextStepSchema>;
export type ReauthenticateRequest = z.input<typeof reauthenticateRequestSchema>;
export type TotpSetup = z.input<typeof totpSetupSchema>;
export type SecuritySettings = z.input<typeof securitySettingsSchema>;
export type SessionView = z.input<typeof sessionViewSchema>;
export type PasskeyView = z.input<typeof passkeyViewSchema>;
export type UserView = z.input<typeof userViewSchema>;
export type Organization = z.input<typeof organizationSchema>;
export type CardCollection = z.input<typeof cardCollectionSchema>;
export type ProcessorInfo = z.input<typeof processorSchema>;

// Webhooks (provider API).
const webhookEventTypeSchema = z.enum([...webhookEventTypes, '*']);
const webhookUrlSchema = z
  .string()
  .max(2000)
  .refine((text) => URL.canParse(text), { message: 'must be an absolute URL' })
  .describe('http(s) only; private, loopback and link-local addresses are refused');
export const newWebhookEndpointSchema = z.object({
  url: webhookUrlSchema,
  eventTypes: z.array(webhookEventTypeSchema).min(1).max(20).describe('the events to send, or ["*"] for all'),
  description: z.string().trim().max(200).default(''),
  enabled: z.boolean().default(true),
});
export const webhookEndpointChangeSchema = z
  .object({
    url: webhookUrlSchema,
    eventTypes: z.array(webhookEventTypeSchema).min(1).max(20),
    description: z.string().trim().max(200),
    enabled: z.boolean(),
  })
  .partial()
  .refine((change) => Object.keys(change).length > 0, { message: 'nothing to change' });
export const webhookEndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  disabledReason: z.enum(['by_provider', 'failing']).nullable(),
  disabledAt: timestamp.nullable(),
  failingSince: timestamp.nullable(),
  previousSecretExpiresAt: timestamp
    .nullable()
    .describe('until then, deliveries carry the old signature too'),
  createdAt: timestamp,
});
export const webhookEndpointWithSecretSchema = z.object({
  endpoint: webhookEndpointSchema,
  secret: z
    .string()
    .nullable()
    .describe(
      'whsec_…, shown this once: verify deliveries with it (Standard Webhooks). Null when the same Idempotency-Key is sent again: it is never stored; rotate for a new one',
    ),
});
export const webhookSecretRotationSchema = z.object({
  overlapSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(86_400)
    .describe('how long the old secret keeps signing too'),
});
export const webhookAttemptSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  attempt: z.number().int(),
  statusCode: z.number().int().nullable(),
  latencyMs: z.number().int(),
  responseExcerpt: z.string().describe('the first KB of the answer'),
  error: z.string().nullable(),
  attemptedAt: timestamp,
  deliveryStatus: z.enum(['pending', 'succeeded', 'failed']),
  nextAttemptAt: timestamp.nullable(),
});
export const eventIdSchema = z.string().regex(/^evt_[0-9a-f]{32}$/, 'must be an event ID (evt_…)');
export const webhookEndpointIdSchema = z.string().regex(/^we_[0-9a-f]{32}$/, 'must be an endpoint ID (we_…)');
export const eventSchema = z.object({
  id: z.string(),
  type: z.string(),
  apiVersion: z.string(),
  organizationId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: timestamp,
});
export const replayRequestSchema = z
  .object({
    since: z.iso.datetime({ offset: true }).describe('every event from this moment on is sent again'),
    until: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('and before this moment (default: up to now)'),
    deliveries: z
      .enum(['all', 'failed'])
      .default('all')
      .describe(
        'all: every event in the window; failed: only those this endpoint never received (a delivery given up, or none made while it was disabled)',
      ),
  })
  .refine((body) => !body.until || Date.parse(body.until) > Date.parse(body.since), {
    path: ['until'],
    message: 'until must be after since',
  });
export const redeliverRequestSchema = z.object({ eventId: eventIdSchema });
