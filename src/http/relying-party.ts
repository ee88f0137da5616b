import type { FastifyRequest } from 'fastify';
import type { RelyingParty } from '../auth/relying-party.js';
import { siteOrigin } from './site-origin.js';

/** The site passkeys belong to: SETTLE_PUBLIC_URL, else the address this request came to. */
export function relyingPartyFor(request: FastifyRequest, publicUrl: string | undefined): RelyingParty {
  const url = new URL(siteOrigin(request, publicUrl));
  return { id: url.hostname, origin: url.origin, name: 'Settle' };
}
