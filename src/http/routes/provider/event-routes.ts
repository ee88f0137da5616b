import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, pageOf, pageQuerySchema } from '../../../contract/api.js';
import { idSchema } from '../../../contract/fields.js';
import { eventIdSchema, eventSchema } from '../../../contract/webhooks.js';
import type { Db } from '../../../db/connect.js';
import { webhookEventTypes } from '../../../domain/webhook-events.js';
import { getEvent, listEvents } from '../../../webhooks/list-events.js';
import { requireApiKey } from '../../request-context.js';

const tags = ['webhooks'];
const security = [{ apiKey: [] }];

export function eventRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/events',
      {
        schema: {
          tags,
          security,
          summary: 'What happened, newest first: the events webhooks carry',
          querystring: pageQuerySchema.extend({
            type: z.enum(webhookEventTypes).optional(),
            organizationId: idSchema.optional(),
          }),
          response: { 200: pageOf(eventSchema), 400: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return listEvents({ db, ...request.query });
      },
    );

    app.get(
      '/events/:eventId',
      {
        schema: {
          tags,
          security,
          params: z.object({ eventId: eventIdSchema }),
          response: { 200: eventSchema, 404: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return getEvent({ db, eventId: request.params.eventId });
      },
    );
  };
}
