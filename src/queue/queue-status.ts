import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

export interface TopicStatus {
  topic: string;
  /** Open and due now (or claimed right now). */
  due: number;
  /** Open, due later. */
  waiting: number;
  /** Open, and the last attempt failed. */
  failing: number;
  dead: number;
}

/** Each topic's open and dead tasks, for operators: what is waiting, what keeps failing, what was given up. */
export async function queueStatus(options: { db: Db; now: Date }): Promise<TopicStatus[]> {
  const result = await sql<{ topic: string; due: string; waiting: string; failing: string; dead: string }>`
    select topic,
      count(*) filter (where dead_at is null and run_at <= ${options.now}) as due,
      count(*) filter (where dead_at is null and run_at > ${options.now}) as waiting,
      count(*) filter (where dead_at is null and last_error is not null) as failing,
      count(*) filter (where dead_at is not null) as dead
    from queue_tasks where done_at is null
    group by topic order by topic`.execute(options.db);
  return result.rows.map((row) => ({
    topic: row.topic,
    due: Number(row.due),
    waiting: Number(row.waiting),
    failing: Number(row.failing),
    dead: Number(row.dead),
  }));
}

/** Open tasks whose last attempt failed, the longest-failing first: work that is still retried. */
export async function listFailingTasks(options: { db: Db; limit: number; topic?: string }) {
  let query = options.db
    .selectFrom('queue_tasks')
    .select(['id', 'topic', 'subject_id', 'attempts', 'last_error', 'run_at', 'created_at'])
    .where('done_at', 'is', null)
    .where('dead_at', 'is', null)
    .where('last_error', 'is not', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(options.limit);
  if (options.topic) query = query.where('topic', '=', options.topic);
  return query.execute();
}
