import type { Db } from '../db/connect.js';
import { type ClaimedTask, claimTasks } from './claim-tasks.js';
import { type AttemptResult, finishTask, type TaskOutcome } from './finish-task.js';
import type { QueueTopic } from './topics.js';

/**
 * Does one task's work, outside any transaction of the queue's. Resolving means done, unless it
 * resolves with `{ again }`: not finished, look again then (by the work's own clock, not a failure).
 * A throw is a failed attempt.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler with nothing to say (an email sent) returns nothing
export type TaskHandler = (task: ClaimedTask) => Promise<void | { again: Date }>;

/**
 * Claims a batch of a topic's due tasks and works them one by one, each on its own: a task that
 * throws is recorded with its error and retried on the topic's schedule, and the next goes on. Returns
 * how each went, and whether the batch was full (more may be due at once).
 */
export async function runTaskBatch(options: {
  db: Db;
  topic: QueueTopic;
  handle: TaskHandler;
  limit: number;
  holder: string;
  leaseMs?: number;
  now?: () => Date;
  log?: (message: string) => void;
}): Promise<{ claimed: number; outcomes: Record<TaskOutcome, number>; full: boolean }> {
  const clock = options.now ?? (() => new Date());
  const tasks = await claimTasks({ ...options, now: clock() });
  const outcomes: Record<TaskOutcome, number> = { done: 0, again: 0, retrying: 0, dead: 0 };
  for (const task of tasks) {
    const result = await options.handle(task).then(
      (answer): AttemptResult => (answer ? { kind: 'again', at: answer.again } : { kind: 'done' }),
      (reason: unknown): AttemptResult => ({ kind: 'failed', error: firstLineOf(reason) }),
    );
    const outcome = await finishTask({ db: options.db, task, now: clock(), result });
    outcomes[outcome]++;
    if (result.kind === 'failed')
      options.log?.(`${task.topic} task ${task.id} (${task.subjectId}) failed, ${outcome}: ${result.error}`);
  }
  return { claimed: tasks.length, outcomes, full: tasks.length === options.limit };
}

/**
 * The error's kind and first line only, as it is logged and kept: a processor's message may go on
 * to quote a request, and no token may reach the logs or the database.
 */
function firstLineOf(reason: unknown): string {
  if (!(reason instanceof Error)) return 'failed';
  const line = reason.message.split('\n')[0] || 'failed';
  return reason.name === 'Error' ? line : `${reason.name}: ${line}`;
}
