import { z } from 'zod';
import { webhookEventTypes } from '../domain/webhook-events.js';
import { timestamp } from './wire.js';

// Webhook endpoints, their delivery log, and events (provider API).

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
