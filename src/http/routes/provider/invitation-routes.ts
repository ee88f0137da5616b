import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../../db/connect.js';
import { type Mailer, sendAccountLink } from '../../../notifications/send-account-link.js';
import { inviteUser } from '../../../users/invite-user.js';
import { requireApiKey } from '../../request-context.js';
import { errorSchema, idSchema, invitationSchema, inviteeSchema } from '../../schemas.js';
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
        const invited = await inviteUser({
          db,
          organizationId: request.params.organizationId,
          invitee: request.body,
          invitedBy: { apiKeyName: caller.name },
        });
        // The link's token goes in the fragment: browsers send neither it nor the page's referrer.
        const acceptUrl = `${siteOrigin(request, options.publicUrl)}/accept-invitation#token=${invited.token}`;
        const emailed = await sendAccountLink({
          mailer: options.mailer,
          purpose: 'invitation',
          to: { email: request.body.email, displayName: request.body.displayName },
          locale: invited.locale,
          params: { organizationName: invited.organizationName, role: request.body.role, link: acceptUrl },
          log: (message) => request.log.error(message),
        });
        return reply.status(201).send({
          userId: invited.userId,
          email: request.body.email.trim().toLowerCase(),
          role: request.body.role,
          expiresAt: invited.expiresAt,
          acceptUrl,
          emailed,
        });
      },
    );
  };
}
