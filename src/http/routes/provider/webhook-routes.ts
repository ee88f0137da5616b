import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders, pageOf, pageQuerySchema } from '../../../contract/api.js';
import {
  eventIdSchema,
  newWebhookEndpointSchema,
  redeliverRequestSchema,
  replayRequestSchema,
  webhookAttemptSchema,
  webhookEndpointChangeSchema,
  webhookEndpointIdSchema,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
  webhookSecretRotationSchema,
} from '../../../contract/webhooks.js';
import type { Db } from '../../../db/connect.js';
import type { SecretKey } from '../../../secrets/seal.js';
import { createWebhookEndpoint } from '../../../webhooks/create-webhook-endpoint.js';
import { deleteWebhookEndpoint } from '../../../webhooks/delete-webhook-endpoint.js';
import { listWebhookAttempts } from '../../../webhooks/list-webhook-attempts.js';
import { listWebhookEndpoints } from '../../../webhooks/list-webhook-endpoints.js';
import { redeliverEvent } from '../../../webhooks/redeliver-event.js';
import { replayEvents } from '../../../webhooks/replay-events.js';
import { rotateWebhookSecret } from '../../../webhooks/rotate-webhook-secret.js';
import { updateWebhookEndpoint } from '../../../webhooks/update-webhook-endpoint.js';
import { findWebhookEndpoint, webhookEndpointView } from '../../../webhooks/webhook-endpoint-view.js';
import { requireApiKey } from '../../request-context.js';

const tags = ['webhooks'];
const security = [{ apiKey: [] }];
const params = z.object({ endpointId: webhookEndpointIdSchema });

export function webhookRoutes(
  db: Db,
  options: { secretKey: SecretKey | null; allowedRanges: readonly string[] },
): FastifyPluginAsyncZod {
  const { secretKey, allowedRanges } = options;
  return async (app) => {
    app.get(
      '/webhook-endpoints',
      {
        schema: {
          tags,
          security,
          summary: 'Your webhook endpoints',
          response: { 200: z.object({ items: z.array(webhookEndpointSchema) }) },
        },
      },
      async (request) => {
        requireApiKey(request);
        return { items: await listWebhookEndpoints({ db }) };
      },
    );

    app.post(
      '/webhook-endpoints',
      {
        config: { secretInAnswer: 'secret' },
        schema: {
          tags,
          security,
          summary: 'Register an endpoint; its signing secret is in this answer only',
          headers: idempotencyHeaders,
          body: newWebhookEndpointSchema,
          response: { 201: webhookEndpointWithSecretSchema, 400: errorSchema, 503: errorSchema },
        },
      },
      async (request, reply) => {
        requireApiKey(request);
        const { url, eventTypes, description, enabled } = request.body;
        const created = await createWebhookEndpoint({
          db,
          secretKey,
          allowedRanges,
          url,
          eventTypes,
          description,
          enabled,
        });
        return reply.status(201).send(created);
      },
    );

    app.get(
      '/webhook-endpoints/:endpointId',
      { schema: { tags, security, params, response: { 200: webhookEndpointSchema, 404: errorSchema } } },
      async (request) => {
        requireApiKey(request);
        return webhookEndpointView(await findWebhookEndpoint(db, request.params.endpointId));
      },
    );

    app.patch(
      '/webhook-endpoints/:endpointId',
      {
        schema: {
          tags,
          security,
          summary: 'Change the URL or the events; disable or enable',
          headers: idempotencyHeaders,
          params,
          body: webhookEndpointChangeSchema,
          response: { 200: webhookEndpointSchema, 400: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return updateWebhookEndpoint({
          db,
          allowedRanges,
          endpointId: request.params.endpointId,
          changes: request.body,
        });
      },
    );

    app.delete(
      '/webhook-endpoints/:endpointId',
      {
        schema: {
          tags,
          security,
          summary: 'Stop sending to an endpoint; its delivery log is kept',
          headers: idempotencyHeaders,
          params,
          response: { 204: z.null(), 404: errorSchema },
        },
      },
      async (request, reply) => {
        requireApiKey(request);
        await deleteWebhookEndpoint({ db, endpointId: request.params.endpointId });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/webhook-endpoints/:endpointId/rotate-secret',
      {
        config: { secretInAnswer: 'secret' },
        schema: {
          tags,
          security,
          summary: 'A new signing secret; the old one also signs during the overlap',
          headers: idempotencyHeaders,
          params,
          body: webhookSecretRotationSchema,
          response: { 200: webhookEndpointWithSecretSchema, 404: errorSchema, 503: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return rotateWebhookSecret({
          db,
          secretKey,
          endpointId: request.params.endpointId,
          overlapSeconds: request.body.overlapSeconds,
        });
      },
    );

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
