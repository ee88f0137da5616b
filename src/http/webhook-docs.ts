import { z } from 'zod';
import { eventDataSchemas } from '../contract/events.js';
import { webhookEventTypes } from '../domain/webhook-events.js';

// (typed as never: @fastify/swagger's PathItemObject is stricter than what z.toJSONSchema gives, which is valid OpenAPI 3.1.)
/**
 * The OpenAPI document's webhooks: each event's envelope and data, from the same schemas the events are
 * written with (src/contract), as the receiver gets them on the wire.
 */
export function webhookDocs(): Record<string, never> {
  return Object.fromEntries(
    webhookEventTypes.map((type) => {
      const envelope = z.object({
        id: z.string().describe('evt_…, also the webhook-id header: the same on every retry'),
        type: z.literal(type),
        apiVersion: z.literal('2026-11-01'),
        timestamp: z.iso.datetime(),
        organizationId: z.string().nullable(),
        data: eventDataSchemas[type],
      });
      return [
        type,
        {
          post: {
            summary: `The ${type} event`,
            description:
              'Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). Answer 2xx.',
            operationId: `webhook_${type.replace('.', '_')}`,
            // Signed by Settle, not authenticated by a scheme of the receiver's.
            security: [],
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: z.toJSONSchema(envelope, { io: 'input', unrepresentable: 'any' }),
                },
              },
            },
            responses: { '200': { description: 'Received' } },
          },
        },
      ];
    }),
  ) as Record<string, never>;
}
