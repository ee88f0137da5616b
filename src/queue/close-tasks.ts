import type { Db } from '../db/connect.js';
import type { QueueTopic } from './topics.js';

/**
 * Marks open tasks done, in the caller's transaction, when the work they stood for was done another
 * way (a payment whose outcome the request itself recorded needs no check at the processor).
 */
export async function closeTasks(options: {
  tx: Db;
  topic: QueueTopic;
  subjectIds: readonly string[];
  now: Date;
}): Promise<void> {
  if (options.subjectIds.length === 0) return;
  await options.tx
    .updateTable('queue_tasks')
    .set({ done_at: options.now, updated_at: options.now })
    .where('topic', '=', options.topic)
    .where('subject_id', 'in', options.subjectIds)
    .where('done_at', 'is', null)
    .where('dead_at', 'is', null)
    .execute();
}
