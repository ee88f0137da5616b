import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  newFactorSchema,
  passkeyRegistrationSchema,
  recoveryCodesSchema,
  secondFactorCodeSchema,
  securitySettingsSchema,
  totpSetupSchema,
  webAuthnOptionsSchema,
} from '../../../contract/account.js';
import { errorSchema, idempotencyHeaders } from '../../../contract/api.js';
import { plainTextSchema } from '../../../contract/fields.js';
import type { Db } from '../../../db/connect.js';
import type { SecretKey } from '../../../secrets/seal.js';
import { beginPasskeyRegistration } from '../../../security/begin-passkey-registration.js';
import { beginTotpSetup } from '../../../security/begin-totp-setup.js';
import { confirmTotpSetup } from '../../../security/confirm-totp-setup.js';
import { finishPasskeyRegistration } from '../../../security/finish-passkey-registration.js';
import { getSecuritySettings } from '../../../security/get-security-settings.js';
import { regenerateRecoveryCodes } from '../../../security/regenerate-recovery-codes.js';
import { removePasskey } from '../../../security/remove-passkey.js';
import { removeTotp } from '../../../security/remove-totp.js';
import { setRequireMfa } from '../../../security/set-require-mfa.js';
import { requireSignIn } from '../../request-context.js';
import { securityRequest, webAuthnJson } from './security-request.js';

/** The user's second factors (authenticator app, passkeys, recovery codes) and the organization's rule that everyone has one. */
export function secondFactorRoutes(
  db: Db,
  options: { secretKey: SecretKey | null; publicUrl: string | undefined; reauthWindowMs: number },
): FastifyPluginAsyncZod {
  const { secretKey, reauthWindowMs } = options;
  return async (app) => {
    const tags = ['security'];
    const { sessionToken, relyingParty, keepNewSession } = securityRequest(options.publicUrl);

    app.get(
      '/api/me/security',
      { schema: { tags, response: { 200: securitySettingsSchema } } },
      async (request) => getSecuritySettings({ db, secretKey, actor: requireSignIn(request).actor }),
    );

    app.post(
      '/api/me/security/authenticator-app/setup',
      {
        // A stolen session must not be able to put the thief's app or key on the account.
        config: { duringSignIn: true, withoutIdempotencyKey: true, reauthentication: true },
        schema: {
          tags,
          summary: 'A new authenticator secret to scan; confirm it with a code',
          response: { 200: totpSetupSchema, 403: errorSchema, 503: errorSchema },
        },
      },
      async (request) => beginTotpSetup({ db, secretKey, ...requireSignIn(request) }),
    );

    app.post(
      '/api/me/security/authenticator-app/confirm',
      {
        // Only the set-up's own secret or challenge (given after confirming it's you) can finish it.
        config: { duringSignIn: true, withoutIdempotencyKey: true },
        schema: {
          tags,
          summary: 'Turn the authenticator app on with a code from it',
          body: z.object({ code: secondFactorCodeSchema }),
          response: { 200: newFactorSchema, 401: errorSchema, 404: errorSchema },
        },
      },
      async (request, reply) => {
        const { actor, session } = requireSignIn(request);
        const result = await confirmTotpSetup({
          db,
          secretKey,
          actor,
          session,
          token: sessionToken(request),
          code: request.body.code,
        });
        keepNewSession(request, reply, result.token);
        return { recoveryCodes: result.recoveryCodes };
      },
    );

    app.post(
      '/api/me/security/passkeys/options',
      {
        config: { duringSignIn: true, withoutIdempotencyKey: true, reauthentication: true },
        schema: {
          tags,
          summary: 'A challenge for the browser to make a new passkey with',
          response: { 200: webAuthnOptionsSchema, 403: errorSchema },
        },
      },
      async (request) =>
        webAuthnJson(
          await beginPasskeyRegistration({
            db,
            ...requireSignIn(request),
            relyingParty: relyingParty(request),
          }),
        ),
    );

    app.post(
      '/api/me/security/passkeys',
      {
        // Only the set-up's own secret or challenge (given after confirming it's you) can finish it.
        config: { duringSignIn: true, withoutIdempotencyKey: true },
        schema: {
          tags,
          summary: 'Keep the passkey the browser made',
          body: z.object({ name: plainTextSchema(60).min(1), passkey: passkeyRegistrationSchema }),
          response: { 200: newFactorSchema, 400: errorSchema, 401: errorSchema },
        },
      },
      async (request, reply) => {
        const result = await finishPasskeyRegistration({
          db,
          ...requireSignIn(request),
          token: sessionToken(request),
          relyingParty: relyingParty(request),
          name: request.body.name,
          response: request.body.passkey,
        });
        keepNewSession(request, reply, result.token);
        return { recoveryCodes: result.recoveryCodes };
      },
    );

    app.delete(
      '/api/me/security/passkeys/:passkeyId',
      {
        config: { reauthentication: true },
        schema: {
          tags,
          summary: 'Remove one of your passkeys',
          headers: idempotencyHeaders,
          params: z.object({ passkeyId: z.string().min(1).max(1024) }),
          response: { 204: z.null(), 403: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        await removePasskey({
          db,
          ...requireSignIn(request),
          reauthWindowMs,
          passkeyId: request.params.passkeyId,
        });
        return reply.status(204).send(null);
      },
    );

    app.delete(
      '/api/me/security/authenticator-app',
      {
        config: { reauthentication: true },
        schema: {
          tags,
          summary: 'Turn the authenticator app off',
          headers: idempotencyHeaders,
          response: { 204: z.null(), 403: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        await removeTotp({ db, ...requireSignIn(request), reauthWindowMs });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/me/security/recovery-codes',
      {
        config: { reauthentication: true, withoutIdempotencyKey: true },
        schema: {
          tags,
          summary: 'Ten new recovery codes, shown once; the old ones stop working',
          response: { 200: recoveryCodesSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request) => ({
        recoveryCodes: await regenerateRecoveryCodes({ db, ...requireSignIn(request), reauthWindowMs }),
      }),
    );

    app.put(
      '/api/organization/security',
      {
        config: { reauthentication: true },
        schema: {
          tags,
          summary: 'Require multi-factor sign-in for Global and Billing admins (Global admins only)',
          headers: idempotencyHeaders,
          body: z.object({ requireMfa: z.boolean() }),
          response: { 200: z.object({ requireMfa: z.boolean() }), 403: errorSchema },
        },
      },
      async (request) => {
        await setRequireMfa({
          db,
          ...requireSignIn(request),
          reauthWindowMs,
          requireMfa: request.body.requireMfa,
        });
        return { requireMfa: request.body.requireMfa };
      },
    );
  };
}
