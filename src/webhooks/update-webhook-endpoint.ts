import type { Db } from '../db/connect.js';
import { checkWebhookUrl } from './check-webhook-url.js';
import {
  findWebhookEndpoint,
  type WebhookEndpointView,
  webhookEndpointView,
} from './webhook-endpoint-view.js';

/**
 * Changes an endpoint's URL, events, description, or turns it off and on. Turned back on, it starts
 * afresh (not failing); what it missed meanwhile is sent by a replay, not by itself.
 */
export async function updateWebhookEndpoint(options: {
  db: Db;
  allowedRanges: readonly string[];
  endpointId: string;
  changes: {
    url?: string | undefined;
    eventTypes?: string[] | undefined;
    description?: string | undefined;
    enabled?: boolean | undefined;
  };
}): Promise<WebhookEndpointView> {
  const { changes } = options;
  if (changes.url !== undefined) await checkWebhookUrl(changes.url, options.allowedRanges);
  return options.db.transaction().execute(async (tx) => {
    const endpoint = await findWebhookEndpoint(tx, options.endpointId, true);
    const now = new Date();
    const switched = changes.enabled !== undefined && changes.enabled !== endpoint.enabled;
    const row = await tx
      .updateTable('webhook_endpoints')
      .set({
        ...(changes.url !== undefined ? { url: changes.url } : {}),
        ...(changes.eventTypes !== undefined ? { event_types: [...new Set(changes.eventTypes)] } : {}),
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(switched && changes.enabled
          ? { enabled: true, disabled_reason: null, disabled_at: null, failing_since: null }
          : {}),
        ...(switched && !changes.enabled
          ? { enabled: false, disabled_reason: 'by_provider' as const, disabled_at: now }
          : {}),
        updated_at: now,
      })
      .where('id', '=', endpoint.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return webhookEndpointView(row);
  });
}
