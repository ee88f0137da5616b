import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { findWebhookEndpoint } from './webhook-endpoint-view.js';

export interface WebhookAttemptView {
  id: string;
  eventId: string;
  eventType: string;
  attempt: number;
  statusCode: number | null;
  latencyMs: number;
  responseExcerpt: string;
  error: string | null;
  attemptedAt: Date;
  /** Where the delivery stands now: delivered, due again at nextAttemptAt, or failed for good. */
  deliveryStatus: 'pending' | 'succeeded' | 'failed';
  nextAttemptAt: Date | null;
}

/** An endpoint's delivery log, newest attempt first, optionally for one event. */
export async function listWebhookAttempts(options: {
  db: Db;
  endpointId: string;
  eventId?: string | undefined;
  limit: number;
  after?: string | undefined;
}): Promise<{ items: WebhookAttemptView[]; nextCursor: string | null }> {
  await findWebhookEndpoint(options.db, options.endpointId);
  if (options.after !== undefined && !/^\d{1,18}$/.test(options.after))
    throw new AppError('validation_failed', { field: 'after' });
  const rows = await options.db
    .selectFrom('webhook_attempts as a')
    .innerJoin('events as e', 'e.id', 'a.event_id')
    .innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id')
    .select([
      'a.id',
      'a.event_id',
      'e.type',
      'a.attempt',
      'a.status_code',
      'a.latency_ms',
      'a.response_excerpt',
      'a.error',
      'a.attempted_at',
      'd.status as delivery_status',
      'd.next_attempt_at',
    ])
    .where('a.endpoint_id', '=', options.endpointId)
    .$if(options.eventId !== undefined, (query) => query.where('a.event_id', '=', options.eventId as string))
    .$if(options.after !== undefined, (query) => query.where('a.id', '<', BigInt(options.after as string)))
    .orderBy('a.id', 'desc')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit);
  return {
    items: page.map((row) => ({
      id: String(row.id),
      eventId: row.event_id,
      eventType: row.type,
      attempt: row.attempt,
      statusCode: row.status_code,
      latencyMs: row.latency_ms,
      responseExcerpt: row.response_excerpt,
      error: row.error,
      attemptedAt: row.attempted_at,
      deliveryStatus: row.delivery_status,
      nextAttemptAt: row.delivery_status === 'pending' ? row.next_attempt_at : null,
    })),
    nextCursor: rows.length > options.limit ? String(page.at(-1)?.id) : null,
  };
}
