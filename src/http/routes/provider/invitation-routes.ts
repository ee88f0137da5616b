import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from '../../../contract/api.js';
import { idSchema } from '../../../contract/fields.js';
import { invitationSchema, inviteeSchema } from '../../../contract/organizations.js';
import type { Db } from '../../../db/connect.js';
import type { Mailer } from '../../../notifications/send-account-link.js';
import { sendInvitation } from '../../../users/send-invitation.js';
import { requireApiKey } from '../../request-context.js';
import { siteOrigin } from '../../site-origin.js';

export function invitationRoutes(
  db: Db,
  options: { mailer: Mailer | null; publicUrl: string | undefined },
): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/organizations/:organizationId/invitations',
      {
        // The answer holds a one-time link, which must not be stored as a replay would be. A repeat is
        // safe without one: it issues a new link to the same invited user and the old one stops working.
        config: { withoutIdempotencyKey: true },
        schema: {
          tags: ['provider'],
          security: [{ apiKey: [] }],
          summary: 'Invite a user (the first Global admin by default): a one-time link to choose a password',
          params: z.object({ organizationId: idSchema }),
          body: inviteeSchema,
          response: { 201: invitationSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        const caller = requireApiKey(request);
        const invitation = await sendInvitation({
          db,
          organizationId: request.params.organizationId,
          invitee: request.body,
          invitedBy: { apiKeyName: caller.name },
          origin: siteOrigin(request, options.publicUrl),
          mailer: options.mailer,
          log: (message) => request.log.error(message),
        });
        return reply.status(201).send({ ...invitation, role: request.body.role });
      },
    );
  };
}
