import type { Db } from '../db/connect.js';
import { newestFirstPage } from '../db/newest-first-page.js';
import { AppError } from '../domain/errors.js';

export interface EventView {
  id: string;
  type: string;
  apiVersion: string;
  organizationId: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
}

const view = (row: {
  id: string;
  type: string;
  api_version: string;
  organization_id: string | null;
  data: Record<string, unknown>;
  created_at: Date;
}): EventView => ({
  id: row.id,
  type: row.type,
  apiVersion: row.api_version,
  organizationId: row.organization_id,
  data: row.data,
  createdAt: row.created_at,
});

const columns = ['id', 'type', 'api_version', 'organization_id', 'data', 'created_at'] as const;

/** Events newest first, of one type or one organization if asked: what webhooks carry, to look back on. */
export async function listEvents(options: {
  db: Db;
  type?: string | undefined;
  organizationId?: string | undefined;
  limit: number;
  after?: string | undefined;
}): Promise<{ items: EventView[]; nextCursor: string | null }> {
  const page = await newestFirstPage(
    options.db
      .selectFrom('events')
      .select(columns)
      .$if(options.type !== undefined, (query) => query.where('type', '=', options.type as string))
      .$if(options.organizationId !== undefined, (query) =>
        query.where('organization_id', '=', options.organizationId as string),
      ),
    options,
  );
  return { items: page.rows.map(view), nextCursor: page.nextCursor };
}

export async function getEvent(options: { db: Db; eventId: string }): Promise<EventView> {
  const row = await options.db
    .selectFrom('events')
    .select(columns)
    .where('id', '=', options.eventId)
    .executeTakeFirst();
  if (!row) throw new AppError('event_not_found');
  return view(row);
}
