import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';

export interface AuditEntryView {
  id: string;
  at: Date;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
}

/** Newest first; the system's own actions (renewals, dunning, reconciliation) have no actor. */
export async function listAuditLog(options: {
  db: Db;
  actor: Actor;
  limit: number;
  before?: string | undefined;
}): Promise<AuditEntryView[]> {
  const { db, actor } = options;
  if (!can(actor.role, 'audit.read')) throw new AppError('permission_denied');
  const rows = await db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select([
      'audit_log.id',
      'audit_log.created_at',
      'users.display_name',
      'audit_log.action',
      'audit_log.target_type',
      'audit_log.target_id',
      'audit_log.details',
    ])
    .where('audit_log.organization_id', '=', actor.organizationId)
    .$if(Boolean(options.before), (q) => q.where('audit_log.id', '<', options.before as string))
    .orderBy('audit_log.id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((row) => ({
    id: String(row.id),
    at: row.created_at,
    actorName: row.display_name,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    details: row.details,
  }));
}
