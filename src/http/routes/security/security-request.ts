import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { webAuthnOptionsSchema } from '../../../contract/account.js';
import { absoluteLifetimeMs } from '../../../domain/sessions.js';
import { relyingPartyFor } from '../../relying-party.js';
import { readSessionToken, setSessionCookie } from '../../session-cookie.js';

/** What the security routes share: the session's token, the passkeys' relying party, a rotated session. */
export function securityRequest(publicUrl: string | undefined) {
  return {
    sessionToken: (request: FastifyRequest) => readSessionToken(request) ?? '',
    relyingParty: (request: FastifyRequest) => relyingPartyFor(request, publicUrl),
    /** A proof of identity rotates the session: the browser keeps the new token. */
    keepNewSession: (request: FastifyRequest, reply: FastifyReply, token: string | null) => {
      if (token) setSessionCookie(request, reply, { token, maxAgeSeconds: absoluteLifetimeMs / 1000 });
    },
  };
}

/** The library's options are WebAuthn's JSON already: typed as what the route's schema lets through. */
export function webAuthnJson(options: { challenge: string }): z.output<typeof webAuthnOptionsSchema> {
  return { ...options };
}
