import { z } from 'zod';
import { roleSchema } from './fields.js';
import { localeSchema, timestamp } from './wire.js';

// The signed-in user: who they are, how they sign in (passwords, passkeys, authenticator apps) and their sessions.

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

export type Me = z.input<typeof meSchema>;

export type SignInNextStep = z.input<typeof signInNextStepSchema>;

export type ReauthenticateRequest = z.input<typeof reauthenticateRequestSchema>;

export type TotpSetup = z.input<typeof totpSetupSchema>;

export type SecuritySettings = z.input<typeof securitySettingsSchema>;

export type SessionView = z.input<typeof sessionViewSchema>;

export type PasskeyView = z.input<typeof passkeyViewSchema>;
