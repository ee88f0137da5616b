import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAuditLog } from '../../audit/list-audit-log.js';
import type { Db } from '../../db/connect.js';
import { listMessages } from '../../notifications/list-messages.js';
import { requireActor } from '../request-context.js';
import { errorSchema, int8StringSchema } from '../schemas.js';

export function auditRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/audit-log',
      {
        schema: {
          tags: ['audit'],
          summary: 'Who did what and when, newest first (Global admins and Global readers)',
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(500).default(100),
            before: int8StringSchema.optional(),
          }),
          response: {
            200: z.array(
              z.object({
                id: z.string(),
                at: z.string(),
                actorName: z.string().nullable(),
                action: z.string(),
                targetType: z.string(),
                targetId: z.string(),
                details: z.record(z.string(), z.unknown()),
              }),
            ),
            403: errorSchema,
          },
        },
      },
      async (request) => {
        const entries = await listAuditLog({ db, actor: requireActor(request), ...request.query });
        return entries.map((entry) => ({ ...entry, at: entry.at.toISOString() }));
      },
    );

    app.get(
      '/api/messages',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Your billing notifications, newest first',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
          response: {
            200: z.array(
              z.object({
                id: z.string(),
                kind: z.string(),
                subject: z.string(),
                body: z.string(),
                createdAt: z.string(),
                sentAt: z.string().nullable(),
              }),
            ),
          },
        },
      },
      async (request) => {
        const messages = await listMessages({ db, actor: requireActor(request), limit: request.query.limit });
        return messages.map((message) => ({
          ...message,
          createdAt: message.createdAt.toISOString(),
          sentAt: message.sentAt?.toISOString() ?? null,
        }));
      },
    );
  };
}
