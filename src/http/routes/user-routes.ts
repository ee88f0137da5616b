import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders } from '../../contract/api.js';
import { idSchema } from '../../contract/fields.js';
import { inviteeSchema, userViewSchema } from '../../contract/organizations.js';
import type { Db } from '../../db/connect.js';
import type { Mailer } from '../../notifications/send-account-link.js';
import { changeUserRole } from '../../users/change-user-role.js';
import { listUsers } from '../../users/list-users.js';
import { removeUser } from '../../users/remove-user.js';
import { sendInvitation } from '../../users/send-invitation.js';
import { requireActor } from '../request-context.js';
import { siteOrigin } from '../site-origin.js';

const tags = ['users'];
const roleSchema = z.enum(['global_admin', 'billing_admin', 'global_reader', 'user']);

/** Users and roles: Global admins invite, change roles and remove; every change needs a recent sign-in. */
export function userRoutes(
  db: Db,
  options: { mailer: Mailer | null; publicUrl: string | undefined },
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/users',
      {
        schema: {
          tags,
          summary: 'The organization’s users and roles',
          response: { 200: z.array(userViewSchema) },
        },
      },
      async (request) => listUsers({ db, actor: requireActor(request) }),
    );

    app.post(
      '/api/users',
      {
        // The link must not be stored as an answer to replay; inviting again sends a new one instead.
        config: { reauthentication: true, withoutIdempotencyKey: true },
        schema: {
          tags,
          summary:
            'Invite a user: a one-time link to choose a password (shown only when it could not be emailed)',
          body: inviteeSchema,
          response: {
            201: z.object({ userId: z.string(), emailed: z.boolean(), acceptUrl: z.string().nullable() }),
            403: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const invitation = await sendInvitation({
          db,
          organizationId: actor.organizationId,
          invitee: request.body,
          invitedBy: { actor },
          origin: siteOrigin(request, options.publicUrl),
          mailer: options.mailer,
          log: (message) => request.log.error(message),
        });
        return reply.status(201).send({
          userId: invitation.userId,
          emailed: invitation.emailed,
          acceptUrl: invitation.emailed ? null : invitation.acceptUrl,
        });
      },
    );

    app.put(
      '/api/users/:userId/role',
      {
        config: { reauthentication: true },
        schema: {
          tags,
          summary: 'Give a user another role; their sessions end',
          headers: idempotencyHeaders,
          params: z.object({ userId: idSchema }),
          body: z.object({ role: roleSchema }),
          response: { 204: z.null(), 403: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        await changeUserRole({
          db,
          actor: requireActor(request),
          userId: request.params.userId,
          role: request.body.role,
        });
        return reply.status(204).send(null);
      },
    );

    app.delete(
      '/api/users/:userId',
      {
        config: { reauthentication: true },
        schema: {
          tags,
          summary: 'Remove a user from the organization',
          headers: idempotencyHeaders,
          params: z.object({ userId: idSchema }),
          response: { 204: z.null(), 403: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        await removeUser({ db, actor: requireActor(request), userId: request.params.userId });
        return reply.status(204).send(null);
      },
    );
  };
}
