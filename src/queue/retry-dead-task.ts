import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

/**
 * Gives a dead letter its attempts again, due now: for an operator who fixed what made it fail (a
 * mail server's settings, say). Its last error stays until the next attempt. A task whose row has
 * been queued again since is left dead (the newer task does the work).
 */
export async function retryDeadTask(options: {
  db: Db;
  id: bigint;
  now: Date;
}): Promise<'queued' | 'not_found' | 'not_dead' | 'queued_again_since'> {
  const result = await sql<{ id: bigint }>`
    update queue_tasks t set dead_at = null, attempts = 0, run_at = ${options.now}, updated_at = ${options.now}
    where t.id = ${options.id} and t.dead_at is not null
      and not exists (select 1 from queue_tasks open where open.topic = t.topic
        and open.subject_id = t.subject_id and open.done_at is null and open.dead_at is null)
    returning t.id`.execute(options.db);
  if (result.rows.length > 0) return 'queued';
  const task = await options.db
    .selectFrom('queue_tasks')
    .select('dead_at')
    .where('id', '=', options.id)
    .executeTakeFirst();
  if (!task) return 'not_found';
  return task.dead_at ? 'queued_again_since' : 'not_dead';
}
