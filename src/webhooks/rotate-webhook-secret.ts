import type { Db } from '../db/connect.js';
import type { SecretKey } from '../secrets/seal.js';
import { newWebhookSecret } from './new-webhook-secret.js';
import {
  findWebhookEndpoint,
  type WebhookEndpointView,
  webhookEndpointView,
} from './webhook-endpoint-view.js';

/**
 * A new signing secret, returned once. For `overlapSeconds` deliveries carry two signatures, by the
 * new and the old secret, so the receiver can switch over without dropping a delivery.
 */
export async function rotateWebhookSecret(options: {
  db: Db;
  secretKey: SecretKey | null;
  endpointId: string;
  overlapSeconds: number;
}): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const { secret, sealed } = newWebhookSecret(options.secretKey);
  return options.db.transaction().execute(async (tx) => {
    const endpoint = await findWebhookEndpoint(tx, options.endpointId, true);
    const now = new Date();
    const row = await tx
      .updateTable('webhook_endpoints')
      .set({
        secret_sealed: sealed,
        previous_secret_sealed: options.overlapSeconds > 0 ? endpoint.secret_sealed : null,
        previous_secret_expires_at:
          options.overlapSeconds > 0 ? new Date(now.getTime() + options.overlapSeconds * 1000) : null,
        updated_at: now,
      })
      .where('id', '=', endpoint.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { endpoint: webhookEndpointView(row), secret };
  });
}
