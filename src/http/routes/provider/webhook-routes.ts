import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders } from '../../../contract/api.js';
import {
  newWebhookEndpointSchema,
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
import { listWebhookEndpoints } from '../../../webhooks/list-webhook-endpoints.js';
import { rotateWebhookSecret } from '../../../webhooks/rotate-webhook-secret.js';
import { updateWebhookEndpoint } from '../../../webhooks/update-webhook-endpoint.js';
import { findWebhookEndpoint, webhookEndpointView } from '../../../webhooks/webhook-endpoint-view.js';
import { requireApiKey } from '../../request-context.js';
import { webhookDeliveryRoutes } from './webhook-delivery-routes.js';

const tags = ['webhooks'];
const security = [{ apiKey: [] }];
const params = z.object({ endpointId: webhookEndpointIdSchema });

/** The provider's webhook endpoints: listed, created, changed, deleted, their secret rotated; deliveries are a plugin of their own. */
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

    await app.register(webhookDeliveryRoutes(db));
  };
}
