import type { Db } from '../db/connect.js';
import { type WebhookEndpointView, webhookEndpointView } from './webhook-endpoint-view.js';

/** Every endpoint not deleted, oldest first (a provider has a handful). */
export async function listWebhookEndpoints(options: { db: Db }): Promise<WebhookEndpointView[]> {
  const rows = await options.db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(webhookEndpointView);
}
