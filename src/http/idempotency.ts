import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';

/** A key whose first request died mid-way (a crash) may be taken over after this long. */
const abandonedAfterMs = 5 * 60 * 1000;

/** The methods that change state: they need an Idempotency-Key, and a read-only API key may not send them. */
export const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function requestHash(request: FastifyRequest, userId: string): string {
  // The body as validated: amounts there may already be bigints.
  const fingerprint = JSON.stringify(
    [request.method, request.routeOptions.url, request.params, request.body ?? null, userId],
    (_key, value) => (typeof value === 'bigint' ? `${value}n` : value),
  );
  return createHash('sha256').update(fingerprint).digest('hex');
}

/**
 * Every state-changing request with a session carries an Idempotency-Key. The first answer is
 * kept (per organization) and replayed to repeats; the same key with another body is refused.
 */
export function installIdempotency(app: FastifyInstance, db: Db): void {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    request.idempotency = null;
    const config = request.routeOptions.config;
    // Keys are kept per organization for the admin center, per API key for the provider API.
    const caller = request.actor
      ? { scope: request.actor.organizationId, id: request.actor.userId }
      : request.apiKey
        ? { scope: `provider:${request.apiKey.id}`, id: request.apiKey.id }
        : null;
    if (!stateChanging.has(request.method) || config.public || config.withoutIdempotencyKey || !caller)
      return;
    const clientKey = request.headers['idempotency-key'];
    if (typeof clientKey !== 'string' || clientKey.length === 0)
      throw new AppError('idempotency_key_missing');
    if (clientKey.length < 8 || clientKey.length > 255) throw new AppError('idempotency_key_invalid');
    // The client's key is its own opaque text (a timestamp, a card-like run of digits): only its hash
    // is kept, so nothing it holds reaches the database.
    const key = createHash('sha256').update(clientKey).digest('hex');
    const organizationId = caller.scope;
    const hash = requestHash(request, caller.id);
    // A key whose answer was not final (a 409, a 5xx) is deleted when that answer leaves, so between
    // our insert and our read another request may have freed it: then claim it again.
    for (let attempt = 0; ; attempt++) {
      const inserted = await db
        .insertInto('idempotency_keys')
        .values({
          organization_id: organizationId,
          key,
          request_hash: hash,
          state: 'in_progress',
          locked_at: new Date(),
        })
        .onConflict((oc) => oc.columns(['organization_id', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (inserted) break;
      const existing = await db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('key', '=', key)
        .executeTakeFirst();
      if (!existing) {
        if (attempt < 3) continue;
        throw new AppError('idempotency_key_in_use');
      }
      if (existing.request_hash !== hash) throw new AppError('idempotency_key_reused');
      if (existing.state === 'done') {
        request.idempotency = { organizationId, key, replayed: true };
        return reply
          .status(existing.response_status ?? 200)
          .header('idempotent-replayed', 'true')
          .type('application/json; charset=utf-8')
          .send(existing.response_body);
      }
      const takeover = await db
        .updateTable('idempotency_keys')
        .set({ locked_at: new Date() })
        .where('organization_id', '=', organizationId)
        .where('key', '=', key)
        .where('state', '=', 'in_progress')
        .where('locked_at', '<', new Date(Date.now() - abandonedAfterMs))
        .executeTakeFirst();
      if (takeover.numUpdatedRows === 0n) throw new AppError('idempotency_key_in_use');
      break;
    }
    request.idempotency = { organizationId, key, replayed: false };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const entry = request.idempotency;
    if (!entry || entry.replayed) return payload;
    const where = db
      .updateTable('idempotency_keys')
      .where('organization_id', '=', entry.organizationId)
      .where('key', '=', entry.key);
    if (reply.statusCode >= 500 || reply.statusCode === 409 || reply.statusCode === 429) {
      // Only final answers are kept. A conflict (a payment still in flight) or a throttle says "not
      // now", not "no": a retry with the same key runs the use case again, whose own guards (one
      // payment in flight per balance) keep it safe. Stripe keeps no 409s either. A key whose use case
      // committed what it created (resource_id) is kept, released: the retry runs the use case, which
      // finds that resource and answers with it instead of creating another.
      await db
        .deleteFrom('idempotency_keys')
        .where('organization_id', '=', entry.organizationId)
        .where('key', '=', entry.key)
        .where('resource_id', 'is', null)
        .execute();
      await where
        .set({ locked_at: new Date(0) })
        .where('state', '=', 'in_progress')
        .execute();
    } else {
      await where
        .set({
          state: 'done',
          response_status: reply.statusCode,
          response_body: withoutSecret(
            typeof payload === 'string' ? payload : String(payload ?? ''),
            request.routeOptions.config.secretInAnswer,
          ),
        })
        .execute();
    }
    return payload;
  });
}

/** The answer as kept for repeats: its one-time secret, if it has one, replaced by null. */
function withoutSecret(body: string, field: string | undefined): string {
  if (!field || !body) return body;
  const parsed = JSON.parse(body) as Record<string, unknown>;
  if (field in parsed) parsed[field] = null;
  return JSON.stringify(parsed);
}
