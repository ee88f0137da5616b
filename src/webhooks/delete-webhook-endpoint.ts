import type { Db } from '../db/connect.js';
import { findWebhookEndpoint } from './webhook-endpoint-view.js';

/** Stops every delivery to the endpoint; its delivery log is kept. */
export async function deleteWebhookEndpoint(options: { db: Db; endpointId: string }): Promise<void> {
  await options.db.transaction().execute(async (tx) => {
    const endpoint = await findWebhookEndpoint(tx, options.endpointId, true);
    const now = new Date();
    await tx
      .updateTable('webhook_endpoints')
      .set({ deleted_at: now, enabled: false, updated_at: now })
      .where('id', '=', endpoint.id)
      .execute();
    await tx
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', last_error: 'endpoint deleted' })
      .where('endpoint_id', '=', endpoint.id)
      .where('status', '=', 'pending')
      .execute();
  });
}
