import { z } from 'zod';
import { cardSummarySchema } from './objects.js';
import { timestamp } from './wire.js';

// The audit log and the messages Settle sent to the admins.

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

export type AuditEntry = z.input<typeof auditEntrySchema>;

export type Message = z.input<typeof messageSchema>;
