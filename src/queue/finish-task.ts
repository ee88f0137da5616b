import type { Db } from '../db/connect.js';
import { nextAttemptAt } from '../domain/backoff.js';
import type { ClaimedTask } from './claim-tasks.js';
import { queueTopics } from './topics.js';

export type TaskOutcome = 'done' | 'again' | 'retrying' | 'dead';

/**
 * How one attempt went: done; not finished yet by the work's own clock (`again`: a payment whose
 * outcome the processor does not know yet is looked at again when the handler says); or failed, and
 * then due again after the topic's backoff, or given up (a dead letter) after its last attempt.
 */
export type AttemptResult =
  | { kind: 'done' }
  | { kind: 'again'; at: Date }
  | { kind: 'failed'; error: string };

/**
 * Records how a claimed task went. A claim that lapsed and was taken by another process no longer
 * moves the task (its token changed).
 */
export async function finishTask(options: {
  db: Db;
  task: ClaimedTask;
  now: Date;
  result: AttemptResult;
}): Promise<TaskOutcome> {
  const { task, now, result } = options;
  const next =
    result.kind === 'again'
      ? result.at
      : result.kind === 'failed'
        ? nextAttemptAt(queueTopics[task.topic].backoff, {
            attempts: task.attempts,
            now,
            firstQueuedAt: task.createdAt,
          })
        : null;
  const outcome: TaskOutcome =
    result.kind === 'failed' ? (next ? 'retrying' : 'dead') : result.kind === 'again' ? 'again' : 'done';
  await options.db
    .updateTable('queue_tasks')
    .set({
      claimed_until: null,
      claim_token: null,
      last_error: result.kind === 'failed' ? result.error.slice(0, 1000) : null,
      updated_at: now,
      ...(outcome === 'done' ? { done_at: now } : {}),
      ...(next ? { run_at: next } : {}),
      ...(outcome === 'dead' ? { dead_at: now } : {}),
    })
    .where('id', '=', task.id)
    .where('claim_token', '=', task.claimToken)
    .execute();
  return outcome;
}
