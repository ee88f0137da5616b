import { z } from 'zod';
import { containsCardNumber } from '../domain/card.js';
import { maxAmountMinor } from '../domain/money.js';
import type { localeSchema } from './wire.js';

// Fields the requests share: ids, amounts, dates and text that may be stored.

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

export const paymentStatusSchema = z.enum(['pending', 'requires_action', 'succeeded', 'failed', 'unknown']);

export const roleSchema = z.enum(['global_admin', 'billing_admin', 'global_reader', 'user']);

/** An address: lines of plain text (newlines allowed, no other control characters, no card number). */
export const addressSchema = z
  .string()
  .min(1)
  .max(500)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .regex(/^[^\u0000-\u0009\u000b-\u001f\u007f]*$/, 'control characters are not allowed')
  .refine((text) => !containsCardNumber(text), { message: 'a card number is not allowed here' });

export const catalogueIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'an id of letters, digits, _ and -');

export const newPasswordSchema = z
  .string()
  .min(1)
  .max(200)
  .describe('At least 12 characters, not a commonly used password');

export const linkTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'the token from the link');

export type Locale = z.input<typeof localeSchema>;

export type Role = z.input<typeof roleSchema>;
