import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { beginPasskeyCheck } from '../../../auth/begin-passkey-check.js';
import { completeSecondFactor } from '../../../auth/complete-second-factor.js';
import { reauthenticate } from '../../../auth/reauthenticate.js';
import {
  reauthenticateRequestSchema,
  secondFactorProofSchema,
  webAuthnOptionsSchema,
} from '../../../contract/account.js';
import { errorSchema } from '../../../contract/api.js';
import type { Db } from '../../../db/connect.js';
import type { SecretKey } from '../../../secrets/seal.js';
import { requireSignIn } from '../../request-context.js';
import { securityRequest, webAuthnJson } from './security-request.js';

/** Proofs of identity: the second factor that finishes a sign-in, a passkey's challenge, and "confirm it's you". */
export function signInProofRoutes(
  db: Db,
  options: { secretKey: SecretKey | null; publicUrl: string | undefined },
): FastifyPluginAsyncZod {
  const { secretKey } = options;
  return async (app) => {
    const tags = ['security'];
    const { sessionToken, relyingParty, keepNewSession } = securityRequest(options.publicUrl);

    app.post(
      '/api/auth/second-factor',
      {
        config: { duringSignIn: true, withoutIdempotencyKey: true },
        schema: {
          tags,
          summary: 'Finish signing in: a passkey, a code from the authenticator app, or a recovery code',
          body: secondFactorProofSchema,
          response: { 204: z.null(), 401: errorSchema, 429: errorSchema },
        },
      },
      async (request, reply) => {
        const { actor, session } = requireSignIn(request);
        const { token } = await completeSecondFactor({
          db,
          secretKey,
          relyingParty: relyingParty(request),
          actor,
          session,
          token: sessionToken(request),
          proof: request.body,
          clientAddress: request.ip,
        });
        keepNewSession(request, reply, token);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/auth/passkey-options',
      {
        config: { duringSignIn: true, withoutIdempotencyKey: true },
        schema: {
          tags,
          summary:
            'A challenge for one of your passkeys to sign (to finish signing in, or to confirm it’s you)',
          response: { 200: webAuthnOptionsSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request) =>
        webAuthnJson(
          await beginPasskeyCheck({ db, ...requireSignIn(request), relyingParty: relyingParty(request) }),
        ),
    );

    app.post(
      '/api/auth/reauthenticate',
      {
        config: { withoutIdempotencyKey: true },
        schema: {
          tags,
          summary: 'Confirm it’s you (password or code) before a sensitive change; good for 10 minutes',
          body: reauthenticateRequestSchema,
          response: { 204: z.null(), 400: errorSchema, 401: errorSchema, 429: errorSchema },
        },
      },
      async (request, reply) => {
        const { actor, session } = requireSignIn(request);
        await reauthenticate({
          db,
          secretKey,
          relyingParty: relyingParty(request),
          actor,
          session,
          proof: request.body,
          clientAddress: request.ip,
        });
        return reply.status(204).send(null);
      },
    );
  };
}
