import type { Db } from '../db/connect.js';

export interface DeadTask {
  id: string;
  topic: string;
  subjectId: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  deadAt: Date;
}

/**
 * The dead letters: tasks given up after their last attempt, newest first, paged by id (a task's
 * id never changes and is never reused, so a page boundary neither skips nor repeats one).
 */
export async function listDeadTasks(options: {
  db: Db;
  limit: number;
  /** The last id of the previous page. */
  before?: bigint;
  topic?: string;
}): Promise<{ items: DeadTask[]; hasMore: boolean }> {
  let query = options.db
    .selectFrom('queue_tasks')
    .select(['id', 'topic', 'subject_id', 'attempts', 'last_error', 'created_at', 'dead_at'])
    .where('dead_at', 'is not', null)
    .orderBy('id', 'desc')
    .limit(options.limit + 1);
  if (options.before !== undefined) query = query.where('id', '<', options.before);
  if (options.topic) query = query.where('topic', '=', options.topic);
  const rows = await query.execute();
  return {
    items: rows.slice(0, options.limit).map((row) => ({
      id: String(row.id),
      topic: row.topic,
      subjectId: row.subject_id,
      attempts: row.attempts,
      lastError: row.last_error,
      createdAt: row.created_at,
      deadAt: row.dead_at as Date,
    })),
    hasMore: rows.length > options.limit,
  };
}
