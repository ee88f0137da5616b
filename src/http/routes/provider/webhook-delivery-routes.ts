import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders, pageOf, pageQuerySchema } from '../../../contract/api.js';
import {
  eventIdSchema,
  redeliverRequestSchema,
  replayRequestSchema,
  webhookAttemptSchema,
  webhookEndpointIdSchema,
} from '../../../contract/webhooks.js';
import type { Db } from '../../../db/connect.js';
import { listWebhookAttempts } from '../../../webhooks/list-webhook-attempts.js';
import { redeliverEvent } from '../../../webhooks/redeliver-event.js';
import { replayEvents } from '../../../webhooks/replay-events.js';
import { requireApiKey } from '../../request-context.js';

const tags = ['webhooks'];
const security = [{ apiKey: [] }];
const params = z.object({ endpointId: webhookEndpointIdSchema });

/** What was sent to an endpoint (its delivery log), and sending again: one event, or what it missed in a window. */
export function webhookDeliveryRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/webhook-endpoints/:endpointId/attempts',
      {
        schema: {
          tags,
          security,
          summary:
            'The delivery log: every attempt, newest first (status code, latency, first KB of the answer)',
          params,
          querystring: pageQuerySchema.extend({ eventId: eventIdSchema.optional() }),
          response: { 200: pageOf(webhookAttemptSchema), 400: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return listWebhookAttempts({ db, endpointId: request.params.endpointId, ...request.query });
      },
    );

    app.post(
      '/webhook-endpoints/:endpointId/redeliver',
      {
        schema: {
          tags,
          security,
          summary: 'Send one event again, now, with the same webhook-id',
          headers: idempotencyHeaders,
          params,
          body: redeliverRequestSchema,
          response: { 202: z.object({ queued: z.number().int() }), 404: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        requireApiKey(request);
        await redeliverEvent({ db, endpointId: request.params.endpointId, eventId: request.body.eventId });
        return reply.status(202).send({ queued: 1 });
      },
    );

    app.post(
      '/webhook-endpoints/:endpointId/replay',
      {
        schema: {
          tags,
          security,
          summary:
            'Send again the events of a time window that this endpoint wants (all, or only those it never received)',
          headers: idempotencyHeaders,
          params,
          body: replayRequestSchema,
          response: { 202: z.object({ queued: z.number().int() }), 404: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        requireApiKey(request);
        const { since, until, deliveries } = request.body;
        const replayed = await replayEvents({
          db,
          endpointId: request.params.endpointId,
          since: new Date(since),
          until: until ? new Date(until) : undefined,
          failedOnly: deliveries === 'failed',
        });
        return reply.status(202).send(replayed);
      },
    );
  };
}
