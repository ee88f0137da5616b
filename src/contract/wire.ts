import { z } from 'zod';
import { minorToJson } from '../domain/money.js';

// The one contract lives in this folder: every request, response and event shape, one file per
// resource, used by the routes (validation and serialization), the events, the OpenAPI document and,
// as types, the web app (z.input is what travels as JSON). Amounts are bigint minor units in the code
// and JSON integers on the wire; times are Date in the code and ISO 8601 strings on the wire: the
// codecs below, the wire's building blocks, convert in one place on the way out.

/** bigint minor units in the code, a JSON integer on the wire. */
export const minorUnits = z
  .codec(z.number().int(), z.bigint(), { decode: (value) => BigInt(value), encode: minorToJson })
  .meta({ type: 'integer', description: 'Integer amount in the currency’s minor units (cents)' });
/** A Date in the code, an ISO 8601 string on the wire. */
export const timestamp = z.codec(z.iso.datetime(), z.date(), {
  decode: (value) => new Date(value),
  encode: (date) => date.toISOString(),
});
/** A calendar day, YYYY-MM-DD. */
export const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const localeSchema = z.enum(['en-US', 'zh-TW']);
export const billingFrequencySchema = z.enum(['monthly', 'annual']);
export const subscriptionStatusSchema = z
  .enum(['active', 'expired', 'disabled', 'deleted'])
  .describe(
    'active; expired (past due in its grace period, or a term that ended); disabled (canceled now, or 30 days past due); deleted (final)',
  );
export const collectionMethodSchema = z
  .enum(['charge_automatically', 'send_invoice'])
  .describe('charge_automatically: the card on file; send_invoice: invoices payable within daysUntilDue');
