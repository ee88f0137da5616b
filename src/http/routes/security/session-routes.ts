import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionViewSchema } from '../../../contract/account.js';
import { errorSchema, idempotencyHeaders } from '../../../contract/api.js';
import { idSchema } from '../../../contract/fields.js';
import type { Db } from '../../../db/connect.js';
import { endSessions } from '../../../security/end-sessions.js';
import { listSessions } from '../../../security/list-sessions.js';
import { requireSignIn } from '../../request-context.js';

/** The user's own sessions: listed, one ended, or all the others. */
export function sessionRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['security'];

    app.get(
      '/api/me/sessions',
      { schema: { tags, summary: 'Your open sessions', response: { 200: z.array(sessionViewSchema) } } },
      async (request) => listSessions({ db, ...requireSignIn(request) }),
    );

    app.delete(
      '/api/me/sessions/:sessionId',
      {
        schema: {
          tags,
          summary: 'Sign out one of your other sessions',
          headers: idempotencyHeaders,
          params: z.object({ sessionId: idSchema }),
          response: { 204: z.null(), 404: errorSchema },
        },
      },
      async (request, reply) => {
        await endSessions({ db, ...requireSignIn(request), which: { sessionId: request.params.sessionId } });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/me/sessions/sign-out-others',
      {
        schema: {
          tags,
          summary: 'Sign out everywhere else',
          headers: idempotencyHeaders,
          response: { 200: z.object({ ended: z.number().int() }) },
        },
      },
      async (request) => endSessions({ db, ...requireSignIn(request), which: 'all_others' }),
    );
  };
}
