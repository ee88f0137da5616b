import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateApiKey } from '../api-keys/authenticate-api-key.js';
import { recordProviderCall } from '../api-keys/record-provider-call.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { stateChanging } from './idempotency.js';

/**
 * The provider API takes an API key and nothing else: a session cookie opens none of it (and a key
 * opens none of the admin center, which reads only its cookie). A read-only key changes nothing.
 */
export async function authenticateProvider(request: FastifyRequest, db: Db): Promise<void> {
  // The scheme's name is case-insensitive (RFC 9110 §11.1): "bearer sk_…" is as good as "Bearer sk_…".
  const match = /^bearer[ \t]+(.+)$/i.exec(request.headers.authorization ?? '');
  const secret = match?.[1]?.trim() ?? '';
  request.apiKey = secret ? await authenticateApiKey({ db, secret }) : null;
  if (!request.apiKey) throw new AppError('api_key_invalid');
  if (request.apiKey.scope === 'read' && stateChanging.has(request.method))
    throw new AppError('api_key_read_only');
}

/** Every call made with a key is written down with the key's name, whatever its answer. */
export function auditProviderCalls(app: FastifyInstance, db: Db): void {
  // On the way out rather than after: the entry exists once the caller has its answer.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.apiKey) return payload;
    const params = request.params as { organizationId?: unknown } | undefined;
    await recordProviderCall({
      db,
      caller: request.apiKey,
      method: request.method,
      path: request.url.split('?')[0] ?? request.url,
      status: reply.statusCode,
      organizationId: typeof params?.organizationId === 'string' ? params.organizationId : null,
    }).catch((error: unknown) => request.log.error({ err: error }, 'could not record a provider API call'));
    return payload;
  });
}
