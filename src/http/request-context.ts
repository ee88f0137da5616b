import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.js';
import type { Locale } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { defaultLocale, localeFromAcceptLanguage } from '../i18n/locale.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    idempotency: { organizationId: string; key: string; replayed: boolean } | null;
  }
  interface FastifyContextConfig {
    /** Routes open without a session (sign-in, health, the sandbox tokenizer). */
    public?: boolean;
  }
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated');
  return request.actor;
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
