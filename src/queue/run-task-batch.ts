import type { Db } from '../db/connect.js';
import { type ClaimedTask, claimTasks } from './claim-tasks.js';
import { finishTask, type TaskOutcome } from './finish-task.js';
import type { QueueTopic } from './topics.js';

/** Does one task's work, outside any transaction of the queue's; a throw is a failed attempt. */
export type TaskHandler = (task: ClaimedTask) => Promise<void>;

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
  now?: () => Date;
  log?: (message: string) => void;
}): Promise<{ claimed: number; outcomes: Record<TaskOutcome, number>; full: boolean }> {
  const clock = options.now ?? (() => new Date());
  const tasks = await claimTasks({ ...options, now: clock() });
  const outcomes: Record<TaskOutcome, number> = { done: 0, retrying: 0, dead: 0 };
  for (const task of tasks) {
    const error = await options.handle(task).then(
      () => null,
      (reason: unknown) => (reason instanceof Error ? reason.message : String(reason)) || 'failed',
    );
    const outcome = await finishTask({ db: options.db, task, now: clock(), error });
    outcomes[outcome]++;
    if (error !== null)
      options.log?.(`${task.topic} task ${task.id} (${task.subjectId}) failed, ${outcome}: ${error}`);
  }
  return { claimed: tasks.length, outcomes, full: tasks.length === options.limit };
}
