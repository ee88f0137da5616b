import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { type QueueTopic, queueTopics } from './topics.js';

export interface ClaimedTask {
  id: bigint;
  topic: QueueTopic;
  subjectId: string;
  /** This attempt's number: 1 the first time. */
  attempts: number;
  createdAt: Date;
  claimToken: string;
}

/**
 * Claims up to `limit` due tasks of a topic (FOR UPDATE SKIP LOCKED, then a lease): any number of
 * processes claim side by side and never take the same task. A process killed mid-task stops holding
 * it when the lease lapses, and another takes it (at least once, never lost).
 */
export async function claimTasks(options: {
  db: Db;
  topic: QueueTopic;
  limit: number;
  now: Date;
  /** Who claims (host:pid), kept in the claim for operators. */
  holder: string;
  /** The topic's lease, unless the work's own settings bound it (payment checks: the charge deadline). */
  leaseMs?: number;
}): Promise<ClaimedTask[]> {
  const { now } = options;
  const claimToken = `${options.holder}/${randomUUID()}`;
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? queueTopics[options.topic].leaseMs));
  const result = await sql<{ id: bigint; subject_id: string; attempts: number; created_at: Date }>`
    with due as (
      select id from queue_tasks
      where topic = ${options.topic} and done_at is null and dead_at is null and run_at <= ${now}
        and (claimed_until is null or claimed_until < ${now})
      order by run_at, id
      limit ${options.limit}
      for update skip locked
    )
    update queue_tasks t set claimed_until = ${leaseUntil}, claim_token = ${claimToken},
      attempts = t.attempts + 1, updated_at = ${now}
    from due where t.id = due.id
    returning t.id, t.subject_id, t.attempts, t.created_at`.execute(options.db);
  return result.rows
    .map((row) => ({
      id: row.id,
      topic: options.topic,
      subjectId: row.subject_id,
      attempts: row.attempts,
      createdAt: row.created_at,
      claimToken,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}
