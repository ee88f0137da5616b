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
  allowedRanges: readonly string[];
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

/** How many deliveries one endpoint may have in flight at once, across all processes. */
export const perEndpointInFlight = 32;

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
  const claimed = await claimDueDeliveries({ ...options, limit: options.limit ?? 32 });
  const outcomes = await Promise.all(claimed.map((delivery) => delivery.send()));
  return {
    claimed: claimed.length,
    delivered: outcomes.filter((outcome) => outcome === 'succeeded').length,
    failed: outcomes.filter((outcome) => outcome !== 'succeeded').length,
  };
}

/**
 * Claims due deliveries, each ready to send on its own: a caller that keeps a pool sends each as it
 * is claimed and claims again as soon as one is done, so a slow endpoint never holds up the others.
 * Each endpoint gets at most perEndpointInFlight deliveries in flight (counting other processes'
 * leases): one that never answers can take only that many of the pool.
 */
export async function claimDueDeliveries(options: {
  db: Db;
  settings: WebhookSettings;
  now?: () => Date;
  limit: number;
  holder?: string;
}): Promise<{ id: bigint; send: () => Promise<string> }[]> {
  const clock = options.now ?? (() => new Date());
  const { settings } = options;
  const claimToken = `${options.holder ?? 'local'}/${randomUUID()}`;
  const leaseMs = settings.timeoutMs + 5_000;
  const claimedAt = clock();
  const claimed = await sql<ClaimedDelivery>`
    with due as (
      select d.id, d.next_attempt_at from webhook_endpoints e
      cross join lateral (
        select d.id, d.next_attempt_at from webhook_deliveries d
        where d.endpoint_id = e.id and d.status = 'pending' and d.next_attempt_at <= ${claimedAt}
          and (d.claimed_until is null or d.claimed_until < ${claimedAt})
        order by d.next_attempt_at
        limit greatest(0, ${perEndpointInFlight} - (select count(*) from webhook_deliveries busy
          where busy.endpoint_id = e.id and busy.status = 'pending' and busy.claimed_until >= ${claimedAt}))
        for update of d skip locked
      ) d
      where e.enabled and e.deleted_at is null
      order by d.next_attempt_at
      limit ${options.limit}
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
  return claimed.rows.map((delivery) => ({
    id: delivery.id,
    send: async () => {
      const attemptedAt = clock();
      const secrets = currentSecrets(settings.secretKey, delivery, attemptedAt);
      const response = secrets.length
        ? await sendWebhook({
            url: delivery.url,
            webhookId: delivery.event_id,
            payload: payloadOf(delivery),
            secrets,
            timeoutMs: settings.timeoutMs,
            allowedRanges: settings.allowedRanges,
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
    },
  }));
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
