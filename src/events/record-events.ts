import type { Kysely } from 'kysely';
import { type EventData, eventDataSchemas } from '../contract/events.js';
import type { Database } from '../db/schema.js';
import type { WebhookEventType } from '../domain/webhook-events.js';

export type EventInput = {
  [T in WebhookEventType]: { type: T; organizationId: string | null; data: EventData<T> };
}[WebhookEventType];

/**
 * Writes events in the caller's transaction (an outbox: a change that rolls back leaves none), each
 * data encoded by its contract schema, exactly as the API's GET of the resource answers it. Each is
 * fanned out to the endpoints that want it as it is inserted (migration 0019's settle_fan_out).
 */
export async function recordEvents(tx: Kysely<Database>, events: readonly EventInput[]): Promise<void> {
  if (events.length === 0) return;
  await tx
    .insertInto('events')
    .values(
      events.map((event) => ({
        type: event.type,
        organization_id: event.organizationId,
        data: JSON.stringify(eventDataSchemas[event.type].encode(event.data as never)),
      })),
    )
    .execute();
}
