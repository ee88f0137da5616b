import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connect.js';
import type { SecretKey } from '../secrets/seal.js';
import { checkWebhookUrl } from './check-webhook-url.js';
import { newWebhookSecret } from './new-webhook-secret.js';
import { type WebhookEndpointView, webhookEndpointView } from './webhook-endpoint-view.js';

/** Registers an endpoint; its signing secret is returned this once and stored only sealed. */
export async function createWebhookEndpoint(options: {
  db: Db;
  secretKey: SecretKey | null;
  allowedRanges: readonly string[];
  url: string;
  eventTypes: string[];
  description: string;
  enabled: boolean;
}): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  await checkWebhookUrl(options.url, options.allowedRanges);
  const { secret, sealed } = newWebhookSecret(options.secretKey);
  const row = await options.db
    .insertInto('webhook_endpoints')
    .values({
      id: `we_${randomUUID().replaceAll('-', '')}`,
      url: options.url,
      description: options.description,
      event_types: [...new Set(options.eventTypes)],
      enabled: options.enabled,
      disabled_reason: options.enabled ? null : 'by_provider',
      disabled_at: options.enabled ? null : new Date(),
      secret_sealed: sealed,
      previous_secret_sealed: null,
      previous_secret_expires_at: null,
      failing_since: null,
      deleted_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { endpoint: webhookEndpointView(row), secret };
}
