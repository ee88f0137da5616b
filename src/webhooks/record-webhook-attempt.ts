import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { nextAttemptAt } from '../domain/backoff.js';
import { webhookBackoff, webhookGiveUpMs } from '../domain/webhook-events.js';
import { enqueueTasks } from '../queue/enqueue-tasks.js';
import type { WebhookResponse } from './send-webhook.js';

/**
 * Writes one attempt to the delivery log and moves its delivery on, in one transaction: delivered on
 * a 2xx; otherwise due again after a backoff, or failed for good once 3 days have passed. An endpoint
 * that has failed every attempt for 3 days is disabled and the provider is told by email. A claim
 * that expired and was taken by another process no longer moves the delivery (its token changed);
 * its attempt is still logged.
 */
export async function recordWebhookAttempt(options: {
  db: Db;
  delivery: {
    id: bigint;
    attempts: number;
    created_at: Date;
    endpoint_id: string;
    event_id: string;
    claimToken: string;
  };
  response: WebhookResponse;
  attemptedAt: Date;
  now: Date;
  retryBaseMs: number;
}): Promise<'succeeded' | 'retrying' | 'failed'> {
  const { delivery, response, now } = options;
  const succeeded = response.statusCode !== null && response.statusCode >= 200 && response.statusCode < 300;
  const error = succeeded ? null : (response.error ?? `HTTP ${response.statusCode}`);
  const next = succeeded
    ? null
    : nextAttemptAt(webhookBackoff(options.retryBaseMs), {
        attempts: delivery.attempts,
        firstQueuedAt: delivery.created_at,
        now,
      });
  const outcome = succeeded ? 'succeeded' : next ? 'retrying' : 'failed';
  await options.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('webhook_attempts')
      .values({
        delivery_id: delivery.id,
        endpoint_id: delivery.endpoint_id,
        event_id: delivery.event_id,
        attempt: delivery.attempts,
        status_code: response.statusCode,
        latency_ms: response.latencyMs,
        response_excerpt: response.excerpt,
        error,
        attempted_at: options.attemptedAt,
      })
      .execute();
    await tx
      .updateTable('webhook_deliveries')
      .set({
        status: outcome === 'retrying' ? 'pending' : outcome,
        ...(next ? { next_attempt_at: next } : {}),
        ...(succeeded ? { delivered_at: now } : {}),
        claimed_until: null,
        claim_token: null,
        last_error: error,
      })
      .where('id', '=', delivery.id)
      .where('claim_token', '=', delivery.claimToken)
      .execute();
    if (succeeded) {
      await tx
        .updateTable('webhook_endpoints')
        .set({ failing_since: null })
        .where('id', '=', delivery.endpoint_id)
        .where('failing_since', 'is not', null)
        .execute();
      return;
    }
    await noteEndpointFailure(tx, delivery.endpoint_id, options.attemptedAt, now);
  });
  return outcome;
}

async function noteEndpointFailure(tx: Db, endpointId: string, attemptedAt: Date, now: Date) {
  const endpoint = await tx
    .updateTable('webhook_endpoints')
    .set({ failing_since: sql<Date>`coalesce(failing_since, ${attemptedAt})` })
    .where('id', '=', endpointId)
    .returning(['url', 'failing_since', 'enabled'])
    .executeTakeFirst();
  const since = endpoint?.failing_since;
  if (!endpoint?.enabled || !since || now.getTime() - since.getTime() < webhookGiveUpMs) return;
  await tx
    .updateTable('webhook_endpoints')
    .set({ enabled: false, disabled_reason: 'failing', disabled_at: now, updated_at: now })
    .where('id', '=', endpointId)
    .execute();
  const seller = await tx.selectFrom('seller_profile').select('support_email').executeTakeFirst();
  if (!seller) return;
  const alert = await tx
    .insertInto('provider_emails')
    .values({
      to_address: seller.support_email,
      subject: `Settle disabled a webhook endpoint: ${endpoint.url}`,
      body: [
        `Every delivery to ${endpoint.url} has failed since ${since.toISOString()}, so Settle stopped sending to it.`,
        '',
        `Endpoint: ${endpointId}`,
        'Its delivery log shows what it answered: GET /api/provider/v1/webhook-endpoints/{id}/attempts.',
        'When it works again, enable it (PATCH {"enabled": true}) and replay what it missed',
        `(POST /api/provider/v1/webhook-endpoints/{id}/replay with {"since": "${since.toISOString()}"}).`,
      ].join('\n'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueueTasks({ tx, topic: 'email.provider', subjectIds: [alert.id] });
}
