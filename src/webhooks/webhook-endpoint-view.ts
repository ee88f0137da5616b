import type { Selectable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { WebhookEndpointTable } from '../db/schema.js';
import { AppError } from '../domain/errors.js';

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: 'by_provider' | 'failing' | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
}

export function webhookEndpointView(row: Selectable<WebhookEndpointTable>): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at,
    failingSince: row.failing_since,
    previousSecretExpiresAt:
      row.previous_secret_expires_at && row.previous_secret_expires_at > new Date()
        ? row.previous_secret_expires_at
        : null,
    createdAt: row.created_at,
  };
}

/** An endpoint not deleted, locked for the caller's change when `tx` is a transaction. */
export async function findWebhookEndpoint(db: Db, id: string, lock = false) {
  const row = await db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .$if(lock, (query) => query.forUpdate())
    .executeTakeFirst();
  if (!row) throw new AppError('webhook_endpoint_not_found');
  return row;
}

/** The endpoint, locked, for sending to it again: one that is disabled would be sent nothing, so it is refused. */
export async function findEnabledEndpoint(db: Db, id: string) {
  const endpoint = await findWebhookEndpoint(db, id, true);
  if (!endpoint.enabled)
    throw new AppError('webhook_endpoint_disabled', { disabledReason: endpoint.disabled_reason });
  return endpoint;
}
