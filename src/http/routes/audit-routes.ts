import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAuditLog } from '../../audit/list-audit-log.js';
import { errorSchema } from '../../contract/api.js';
import { auditEntrySchema, messageSchema } from '../../contract/audit.js';
import { calendarDateSchema, idSchema, int8StringSchema } from '../../contract/fields.js';
import type { Db } from '../../db/connect.js';
import { listMessages } from '../../notifications/list-messages.js';
import { requireActor } from '../request-context.js';

export function auditRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/audit-log',
      {
        schema: {
          tags: ['audit'],
          summary: 'Who did what and when, newest first (Global admins and Global readers)',
          querystring: z
            .object({
              limit: z.coerce.number().int().min(1).max(500).default(100),
              before: int8StringSchema.optional(),
              from: calendarDateSchema.optional().describe('from this day (UTC), inclusive'),
              to: calendarDateSchema.optional().describe('to this day (UTC), inclusive'),
              action: z
                .string()
                .regex(/^[a-z_]+\.[a-z_]+$/)
                .optional(),
              actorUserId: idSchema.optional(),
            })
            .refine((query) => !query.from || !query.to || query.from <= query.to, {
              message: 'to must be on or after from',
              path: ['to'],
            }),
          response: {
            200: z.array(auditEntrySchema),
            403: errorSchema,
          },
        },
      },
      async (request) => listAuditLog({ db, actor: requireActor(request), ...request.query }),
    );

    app.get(
      '/api/messages',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Your billing notifications, newest first',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
          response: {
            200: z.array(messageSchema),
          },
        },
      },
      async (request) => listMessages({ db, actor: requireActor(request), limit: request.query.limit }),
    );
  };
}
