import type { Db } from '../db/connect.js';
import type { QueueTopic } from './topics.js';

/**
 * Makes every open task of a topic due now, whatever its schedule said: at start-up, when any answer
 * is safe to apply early (a payment's check: recording an outcome is idempotent). Claims in flight are
 * left to their holders.
 */
export async function makeDueNow(options: { db: Db; topic: QueueTopic; now: Date }): Promise<void> {
  await options.db
    .updateTable('queue_tasks')
    .set({ run_at: options.now, updated_at: options.now })
    .where('topic', '=', options.topic)
    .where('done_at', 'is', null)
    .where('dead_at', 'is', null)
    .where('run_at', '>', options.now)
    .execute();
}
