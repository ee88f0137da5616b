import type { Db } from '../db/connect.js';
import { nextAttemptAt } from '../domain/backoff.js';
import type { ClaimedTask } from './claim-tasks.js';
import { queueTopics } from './topics.js';

export type TaskOutcome = 'done' | 'retrying' | 'dead';

/**
 * Records how a claimed task went: done; or failed, and then due again after the topic's backoff, or
 * given up (a dead letter) after its last attempt. A claim that lapsed and was taken by another
 * process no longer moves the task (its token changed).
 */
export async function finishTask(options: {
  db: Db;
  task: ClaimedTask;
  now: Date;
  /** Null when the work is done. */
  error: string | null;
}): Promise<TaskOutcome> {
  const { task, now } = options;
  const next =
    options.error === null
      ? null
      : nextAttemptAt(queueTopics[task.topic].backoff, {
          attempts: task.attempts,
          now,
          firstQueuedAt: task.createdAt,
        });
  const outcome: TaskOutcome = options.error === null ? 'done' : next ? 'retrying' : 'dead';
  await options.db
    .updateTable('queue_tasks')
    .set({
      claimed_until: null,
      claim_token: null,
      last_error: options.error?.slice(0, 1000) ?? null,
      updated_at: now,
      ...(outcome === 'done' ? { done_at: now } : {}),
      ...(outcome === 'retrying' && next ? { run_at: next } : {}),
      ...(outcome === 'dead' ? { dead_at: now } : {}),
    })
    .where('id', '=', task.id)
    .where('claim_token', '=', task.claimToken)
    .execute();
  return outcome;
}
