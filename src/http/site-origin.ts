import type { FastifyRequest } from 'fastify';

/** Where people reach Settle, for links in emails: SETTLE_PUBLIC_URL, else the address this request came to. */
export function siteOrigin(request: FastifyRequest, publicUrl: string | undefined): string {
  return new URL(publicUrl ?? `${request.protocol}://${request.host}`).origin;
}
