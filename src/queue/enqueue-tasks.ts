import type { Db } from '../db/connect.js';
import type { QueueTopic } from './topics.js';

/**
 * Queues work on rows, in the caller's transaction: the work exists exactly when the rows do. A row
 * that already has an open task of the topic keeps it (enqueuing twice is a no-op).
 */
export async function enqueueTasks(options: {
  tx: Db;
  topic: QueueTopic;
  subjectIds: readonly string[];
  runAt?: Date;
}): Promise<void> {
  if (options.subjectIds.length === 0) return;
  await options.tx
    .insertInto('queue_tasks')
    .values(
      options.subjectIds.map((subjectId) => ({
        topic: options.topic,
        subject_id: subjectId,
        ...(options.runAt ? { run_at: options.runAt } : {}),
      })),
    )
    .onConflict((conflict) =>
      conflict
        .columns(['topic', 'subject_id'])
        .where('done_at', 'is', null)
        .where('dead_at', 'is', null)
        .doNothing(),
    )
    .execute();
}

/**
 * One new task's row, for a caller that writes it in the same statement as the row it works on (a
 * payment and its check at the processor: one round trip on the path of a charge). The subject must be
 * new, so it has no open task yet.
 */
export function queueTask(options: { topic: QueueTopic; subjectId: string; runAt: Date }) {
  return { topic: options.topic, subject_id: options.subjectId, run_at: options.runAt };
}
