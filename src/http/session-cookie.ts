import type { FastifyReply, FastifyRequest } from 'fastify';

// Over HTTPS the cookie is Secure and carries the __Host- prefix: the browser then refuses one set
// over plain HTTP, by a subdomain or for another path, so a network attacker cannot plant a session.
const secureName = '__Host-settle_session';
// On a developer's plain-HTTP machine a Secure cookie would never come back.
const plainName = 'settle_session';

function overHttps(request: FastifyRequest): boolean {
  // request.protocol follows X-Forwarded-Proto only when SETTLE_TRUST_PROXY is on.
  return request.protocol === 'https';
}

/** The session token the browser sent, under the one name valid for this scheme. */
export function readSessionToken(request: FastifyRequest): string | undefined {
  return request.cookies[overHttps(request) ? secureName : plainName];
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { token: string; maxAgeSeconds: number },
): void {
  const secure = overHttps(request);
  reply.setCookie(secure ? secureName : plainName, options.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: options.maxAgeSeconds,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  const secure = overHttps(request);
  reply.clearCookie(secure ? secureName : plainName, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
