import { z } from 'zod';

// What every route of the API shares: the Idempotency-Key header, the error body, and cursor pages.

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

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
