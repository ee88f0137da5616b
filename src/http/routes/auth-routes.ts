import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getMe } from '../../auth/get-me.js';
import { setUserLocale } from '../../auth/set-user-locale.js';
import { signIn } from '../../auth/sign-in.js';
import { signOut } from '../../auth/sign-out.js';
import { meSchema, signInNextStepSchema } from '../../contract/account.js';
import { errorSchema } from '../../contract/api.js';
import { linkTokenSchema, newPasswordSchema } from '../../contract/fields.js';
import { localeSchema } from '../../contract/wire.js';
import type { Db } from '../../db/connect.js';
import { maskCardNumbers } from '../../domain/card.js';
import { AppError } from '../../domain/errors.js';
import { absoluteLifetimeMs } from '../../domain/sessions.js';
import { type Mailer, sendAccountLink } from '../../notifications/send-account-link.js';
import { setEmailPreferences } from '../../notifications/set-email-preferences.js';
import { acceptInvitation } from '../../users/accept-invitation.js';
import { requestPasswordReset } from '../../users/request-password-reset.js';
import { resetPassword } from '../../users/reset-password.js';
import { requestLocale, requireActor } from '../request-context.js';
import { clearSessionCookie, readSessionToken, setSessionCookie } from '../session-cookie.js';
import { siteOrigin } from '../site-origin.js';

export function authRoutes(
  db: Db,
  options: { mailer: Mailer | null; publicUrl: string | undefined },
): FastifyPluginAsyncZod {
  return async (app) => {
    // Choosing a password from a one-time link signs in, like sign-in: no Idempotency-Key (a replay
    // would hand out a session), and the link itself works once.
    app.post(
      '/api/auth/invitations/accept',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Choose your password from an invitation link, and sign in',
          body: z.object({ token: linkTokenSchema, password: newPasswordSchema }),
          response: { 200: signInNextStepSchema, 204: z.null(), 400: errorSchema },
        },
      },
      async (request, reply) => {
        const session = await acceptInvitation({
          db,
          token: request.body.token,
          password: request.body.password,
          clientAddress: request.ip,
          userAgent: maskCardNumbers(request.headers['user-agent'] ?? ''),
        });
        setSessionCookie(request, reply, { token: session.token, maxAgeSeconds: absoluteLifetimeMs / 1000 });
        if (session.mfaState === 'complete') return reply.status(204).send(null);
        return reply.status(200).send({
          next: session.mfaState === 'mfa_pending' ? 'second_factor' : 'set_up_second_factor',
          methods: session.methods,
        });
      },
    );

    app.post(
      '/api/auth/password-reset/request',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Forgot password: email a one-time reset link (1 hour) if the account exists',
          body: z.object({ email: z.string().email().max(320) }),
          response: { 202: z.null(), 429: errorSchema },
        },
      },
      async (request, reply) => {
        const reset = await requestPasswordReset({
          db,
          email: request.body.email,
          clientAddress: request.ip,
        });
        if (reset)
          await sendAccountLink({
            mailer: options.mailer,
            purpose: 'password_reset',
            to: { email: reset.email, displayName: reset.displayName },
            locale: reset.locale,
            params: {
              organizationName: reset.organizationName,
              role: reset.role,
              link: `${siteOrigin(request, options.publicUrl)}/reset-password#token=${reset.token}`,
            },
            log: (message) => request.log.error(message),
          });
        // The same answer whether or not the account exists.
        return reply.status(202).send(null);
      },
    );

    app.post(
      '/api/auth/password-reset',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Choose a new password from a reset link; every session of the account ends',
          body: z.object({ token: linkTokenSchema, password: newPasswordSchema }),
          response: { 204: z.null(), 400: errorSchema },
        },
      },
      async (request, reply) => {
        await resetPassword({ db, token: request.body.token, password: request.body.password });
        return reply.status(204).send(null);
      },
    );

    // Sign-in sets a cookie: replaying a stored answer would hand out a session, so it is the
    // one state-changing call without an Idempotency-Key (and it changes no billing state).
    app.post(
      '/api/auth/sign-in',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          body: z.object({ email: z.string().email().max(320), password: z.string().min(1).max(200) }),
          response: { 200: signInNextStepSchema, 204: z.null(), 401: errorSchema, 429: errorSchema },
        },
      },
      async (request, reply) => {
        const { token, mfaState, methods } = await signIn({
          db,
          email: request.body.email,
          password: request.body.password,
          clientAddress: request.ip,
          userAgent: maskCardNumbers(request.headers['user-agent'] ?? ''),
        });
        // A session the browser already had (perhaps one planted on it) ends: the new one has a new token.
        const previous = readSessionToken(request);
        if (previous) await signOut({ db, token: previous });
        setSessionCookie(request, reply, { token, maxAgeSeconds: absoluteLifetimeMs / 1000 });
        if (mfaState === 'complete') return reply.status(204).send(null);
        return reply
          .status(200)
          .send({ next: mfaState === 'mfa_pending' ? 'second_factor' : 'set_up_second_factor', methods });
      },
    );

    app.post(
      '/api/auth/sign-out',
      { config: { public: true }, schema: { tags: ['auth'], response: { 204: z.null() } } },
      async (request, reply) => {
        // Only the app's own JSON call signs out: a cross-site form (text/plain, urlencoded) cannot
        // send JSON without a CORS preflight, so it cannot end someone's session (logout CSRF).
        if (!String(request.headers['content-type'] ?? '').startsWith('application/json'))
          throw new AppError('validation_failed', { reason: 'json_required' });
        const token = readSessionToken(request);
        if (token) await signOut({ db, token });
        clearSessionCookie(request, reply);
        return reply.status(204).send(null);
      },
    );

    app.get('/api/me', { schema: { tags: ['auth'], response: { 200: meSchema } } }, async (request) => ({
      ...(await getMe({ db, actor: requireActor(request) })),
      // The language this answer is in: the saved choice, else the browser's, else the organization's.
      locale: requestLocale(request),
    }));

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
