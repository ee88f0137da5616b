import type { FastifyRequest } from 'fastify';
import type { ApiKeyCaller } from '../api-keys/api-key-caller.js';
import type { Actor, SignInSession } from '../auth/actor.js';
import type { Locale } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { defaultLocale, localeFromAcceptLanguage } from '../i18n/locale.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    signInSession: SignInSession | null;
    /** The provider API's caller (Authorization: Bearer sk_…); never set on admin-center routes. */
    apiKey: ApiKeyCaller | null;
    idempotency: { organizationId: string; key: string; replayed: boolean } | null;
  }
  interface FastifyContextConfig {
    /** Routes open without a session (sign-in, health, the sandbox tokenizer). */
    public?: boolean;
    /** Open to a sign-in still owing its second factor (or the set-up of one); the use case decides more. */
    duringSignIn?: boolean;
    /**
     * Sign-in steps and answers that carry a secret (a new session, recovery codes) take no
     * Idempotency-Key: a stored answer would put the secret in the database, a replay hand it out again.
     */
    withoutIdempotencyKey?: boolean;
    /**
     * The answer's field that holds a secret shown once (a webhook signing secret): the request takes
     * an Idempotency-Key, but the kept answer has this field null, so a repeat gets the same object
     * without the secret, and the database never holds it.
     */
    secretInAnswer?: string;
    /** Needs the user to have proved who they are within 10 minutes (for this body, if a function). */
    reauthentication?: true | ((body: unknown) => boolean);
  }
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated');
  return request.actor;
}

export function requireApiKey(request: FastifyRequest): ApiKeyCaller {
  if (!request.apiKey) throw new AppError('api_key_invalid');
  return request.apiKey;
}

export function requireSignIn(request: FastifyRequest): { actor: Actor; session: SignInSession } {
  if (!request.actor || !request.signInSession) throw new AppError('unauthenticated');
  return { actor: request.actor, session: request.signInSession };
}

/** The user's choice, else the browser's language, else the organization's. */
export function requestLocale(request: FastifyRequest): Locale {
  return (
    request.actor?.savedLocale ??
    localeFromAcceptLanguage(request.headers['accept-language']) ??
    request.actor?.organizationLocale ??
    defaultLocale
  );
}
