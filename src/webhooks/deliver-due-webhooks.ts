import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { SecretKey } from '../secrets/seal.js';
import { tryUnseal } from '../secrets/seal.js';
import { recordWebhookAttempt } from './record-webhook-attempt.js';
import { sendWebhook } from './send-webhook.js';

export interface WebhookSettings {
  secretKey: SecretKey | null;
  timeoutMs: number;
  retryBaseMs: number;
  allowPrivate: boolean;
}

interface ClaimedDelivery {
  id: bigint;
  attempts: number;
  created_at: Date;
  endpoint_id: string;
  url: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
  event_id: string;
  type: string;
  api_version: string;
  organization_id: string | null;
  data: Record<string, unknown>;
  event_created_at: Date;
}

/**
 * Claims up to `limit` due deliveries (FOR UPDATE SKIP LOCKED, then a lease of the timeout plus a
 * margin), sends them at once, outside any transaction, and records each answer. Another process
 * running this at the same moment claims other rows; a process killed mid-send leaves its lease to
 * expire, and the delivery is sent again with the same webhook-id (at least once).
 */
export async function deliverDueWebhooks(options: {
  db: Db;
  settings: WebhookSettings;
  now?: () => Date;
  limit?: number;
  /** Who claims (host:pid), written into the claim for operators to see who is delivering what. */
  holder?: string;
}): Promise<{ claimed: number; delivered: number; failed: number }> {
  const clock = options.now ?? (() => new Date());
  const { settings } = options;
  const claimToken = `${options.holder ?? 'local'}/${randomUUID()}`;
  const leaseMs = settings.timeoutMs + 5_000;
  const claimedAt = clock();
  const claimed = await sql<ClaimedDelivery>`
    with due as (
      select d.id from webhook_deliveries d
      join webhook_endpoints e on e.id = d.endpoint_id and e.enabled and e.deleted_at is null
      where d.status = 'pending' and d.next_attempt_at <= ${claimedAt}
        and (d.claimed_until is null or d.claimed_until < ${claimedAt})
      order by d.next_attempt_at
      limit ${options.limit ?? 32}
      for update of d skip locked
    ),
    claimed as (
      update webhook_deliveries d set claimed_until = ${new Date(claimedAt.getTime() + leaseMs)},
        claim_token = ${claimToken}, attempts = d.attempts + 1
      from due where d.id = due.id
      returning d.id, d.attempts, d.created_at, d.endpoint_id, d.event_id
    )
    select c.id, c.attempts, c.created_at, c.endpoint_id, e.url, e.secret_sealed, e.previous_secret_sealed,
      e.previous_secret_expires_at, c.event_id, ev.type, ev.api_version, ev.organization_id, ev.data,
      ev.created_at as event_created_at
    from claimed c join webhook_endpoints e on e.id = c.endpoint_id join events ev on ev.id = c.event_id`.execute(
    options.db,
  );
  const outcomes = await Promise.all(
    claimed.rows.map(async (delivery) => {
      const attemptedAt = clock();
      const secrets = currentSecrets(settings.secretKey, delivery, attemptedAt);
      const response = secrets.length
        ? await sendWebhook({
            url: delivery.url,
            webhookId: delivery.event_id,
            payload: payloadOf(delivery),
            secrets,
            timeoutMs: settings.timeoutMs,
            allowPrivate: settings.allowPrivate,
          })
        : { statusCode: null, latencyMs: 0, excerpt: '', error: 'the signing secret cannot be unsealed' };
      return recordWebhookAttempt({
        db: options.db,
        delivery: { ...delivery, claimToken },
        response,
        attemptedAt,
        now: clock(),
        retryBaseMs: settings.retryBaseMs,
      });
    }),
  );
  return {
    claimed: claimed.rows.length,
    delivered: outcomes.filter((outcome) => outcome === 'succeeded').length,
    failed: outcomes.filter((outcome) => outcome !== 'succeeded').length,
  };
}

/** The body as the receiver gets it: the envelope of version 2026-11-01. */
function payloadOf(delivery: ClaimedDelivery): string {
  return JSON.stringify({
    id: delivery.event_id,
    type: delivery.type,
    apiVersion: delivery.api_version,
    timestamp: delivery.event_created_at.toISOString(),
    organizationId: delivery.organization_id,
    data: delivery.data,
  });
}

function currentSecrets(secretKey: SecretKey | null, delivery: ClaimedDelivery, now: Date): string[] {
  if (!secretKey) return [];
  const sealed = [delivery.secret_sealed];
  if (
    delivery.previous_secret_sealed &&
    delivery.previous_secret_expires_at &&
    delivery.previous_secret_expires_at > now
  )
    sealed.push(delivery.previous_secret_sealed);
  return sealed
    .map((text) => tryUnseal(secretKey, text))
    .filter((secret): secret is string => secret !== null);
}
