import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setUserLocale } from '../../auth/set-user-locale.js';
import { sessionLifetimeMs, signIn } from '../../auth/sign-in.js';
import { signOut } from '../../auth/sign-out.js';
import type { Db } from '../../db/connect.js';
import { setEmailPreferences } from '../../notifications/set-email-preferences.js';
import { requestLocale, requireActor } from '../request-context.js';
import { errorSchema, localeSchema } from '../schemas.js';

export const sessionCookie = 'settle_session';

const meSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  email: z.string(),
  role: z.enum(['global_admin', 'billing_admin', 'global_reader', 'user']),
  locale: localeSchema,
  localeIsSaved: z.boolean(),
  attachInvoicePdf: z.boolean(),
  organization: z.object({ id: z.string(), name: z.string(), currency: z.string() }),
});

export function authRoutes(db: Db, options: { secureCookies: boolean }): FastifyPluginAsyncZod {
  return async (app) => {
    // Sign-in sets a cookie: replaying a stored answer would hand out a session, so it is the
    // one state-changing call without an Idempotency-Key (and it changes no billing state).
    app.post(
      '/api/auth/sign-in',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          body: z.object({ email: z.string().email().max(320), password: z.string().min(1).max(200) }),
          response: { 204: z.null(), 401: errorSchema },
        },
      },
      async (request, reply) => {
        const { token } = await signIn({ db, email: request.body.email, password: request.body.password });
        reply.setCookie(sessionCookie, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: options.secureCookies,
          maxAge: sessionLifetimeMs / 1000,
        });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/auth/sign-out',
      { config: { public: true }, schema: { tags: ['auth'], response: { 204: z.null() } } },
      async (request, reply) => {
        const token = request.cookies[sessionCookie];
        if (token) await signOut({ db, token });
        reply.clearCookie(sessionCookie, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get('/api/me', { schema: { tags: ['auth'], response: { 200: meSchema } } }, async (request) => {
      const actor = requireActor(request);
      const organization = await db
        .selectFrom('organizations')
        .select(['id', 'name', 'currency'])
        .where('id', '=', actor.organizationId)
        .executeTakeFirstOrThrow();
      const preferences = await db
        .selectFrom('users')
        .select('attach_invoice_pdf')
        .where('id', '=', actor.userId)
        .executeTakeFirstOrThrow();
      return {
        userId: actor.userId,
        displayName: actor.displayName,
        email: actor.email,
        role: actor.role,
        locale: requestLocale(request),
        localeIsSaved: actor.savedLocale !== null,
        attachInvoicePdf: preferences.attach_invoice_pdf,
        organization,
      };
    });

    app.put(
      '/api/me/locale',
      {
        schema: {
          tags: ['auth'],
          body: z.object({ locale: localeSchema }),
          response: { 200: z.object({ locale: localeSchema }) },
        },
      },
      async (request) => {
        await setUserLocale({ db, actor: requireActor(request), locale: request.body.locale });
        return { locale: request.body.locale };
      },
    );

    app.put(
      '/api/me/preferences',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Attach the invoice PDF to your billing emails, or not',
          body: z.object({ attachInvoicePdf: z.boolean() }),
          response: { 200: z.object({ attachInvoicePdf: z.boolean() }) },
        },
      },
      async (request) => {
        await setEmailPreferences({
          db,
          actor: requireActor(request),
          attachInvoicePdf: request.body.attachInvoicePdf,
        });
        return { attachInvoicePdf: request.body.attachInvoicePdf };
      },
    );
  };
}
