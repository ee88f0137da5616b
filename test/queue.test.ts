import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { claimTasks } from '../src/queue/claim-tasks.js';
import { enqueueTasks } from '../src/queue/enqueue-tasks.js';
import { finishTask } from '../src/queue/finish-task.js';
import { listDeadTasks } from '../src/queue/list-dead-tasks.js';
import { retryDeadTask } from '../src/queue/retry-dead-task.js';
import { runTaskBatch } from '../src/queue/run-task-batch.js';
import { createTestDb } from './harness.js';

let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await createTestDb());
});
afterAll(async () => drop());
// Each test starts from an empty queue.
beforeEach(async () => {
  await db.deleteFrom('queue_tasks').execute();
});

const topic = 'email.provider' as const;
const minute = 60_000;

async function taskOf(subjectId: string) {
  return db
    .selectFrom('queue_tasks')
    .selectAll()
    .where('subject_id', '=', subjectId)
    .executeTakeFirstOrThrow();
}

describe('the queue', () => {
  it('works each task on its own: one that fails is retried on schedule, then given up, listed and retried', async () => {
    const t0 = new Date('2030-01-01T00:00:00Z');
    await db.transaction().execute(async (tx) => {
      await enqueueTasks({ tx, topic, subjectIds: ['a-1', 'bad', 'a-2'], runAt: t0 });
      // Queued twice (a retried step): still one task each.
      await enqueueTasks({ tx, topic, subjectIds: ['a-1', 'bad'], runAt: t0 });
    });
    const handled: string[] = [];
    const handle = async (task: { subjectId: string }) => {
      handled.push(task.subjectId);
      if (task.subjectId === 'bad') throw new Error('452 mailbox full');
    };
    const first = await runTaskBatch({ db, topic, handle, limit: 10, holder: 'test', now: () => t0 });
    // The bad one did not stop the one queued after it.
    expect(handled).toEqual(['a-1', 'bad', 'a-2']);
    expect(first.outcomes).toEqual({ done: 2, again: 0, retrying: 1, dead: 0 });
    const bad = await taskOf('bad');
    expect(bad.last_error).toBe('452 mailbox full');
    expect(bad.run_at.getTime() - t0.getTime()).toBe(minute);

    // Not due before its time; then 2, 4 … 60 minutes apart; given up at the tenth attempt.
    expect(
      (await runTaskBatch({ db, topic, handle, limit: 10, holder: 'test', now: () => t0 })).claimed,
    ).toBe(0);
    const waits: number[] = [];
    let now = t0;
    for (let attempt = 2; attempt <= 10; attempt++) {
      const due = (await taskOf('bad')).run_at;
      waits.push((due.getTime() - now.getTime()) / minute);
      now = due;
      await runTaskBatch({ db, topic, handle, limit: 10, holder: 'test', now: () => now });
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    const given = await taskOf('bad');
    expect(given.dead_at).not.toBeNull();
    expect(given.attempts).toBe(10);

    const dead = await listDeadTasks({ db, limit: 10 });
    expect(dead.items.map((task) => [task.topic, task.subjectId, task.lastError])).toEqual([
      [topic, 'bad', '452 mailbox full'],
    ]);
    expect(await retryDeadTask({ db, id: given.id, now })).toBe('queued');
    expect(await retryDeadTask({ db, id: given.id, now })).toBe('not_dead');
    expect(await retryDeadTask({ db, id: 999_999n, now })).toBe('not_found');
    const again = await runTaskBatch({
      db,
      topic,
      handle: async () => {},
      limit: 10,
      holder: 'test',
      now: () => now,
    });
    expect(again.outcomes).toEqual({ done: 1, again: 0, retrying: 0, dead: 0 });
    expect((await listDeadTasks({ db, limit: 10 })).items).toEqual([]);
  });

  it('a dead letter whose work was queued again since is left dead', async () => {
    const now = new Date('2030-02-01T00:00:00Z');
    await enqueueTasks({ tx: db, topic, subjectIds: ['twice'], runAt: now });
    const [task] = await claimTasks({ db, topic, limit: 1, now, holder: 'test' });
    await db
      .updateTable('queue_tasks')
      .set({ dead_at: now })
      .where('id', '=', task?.id ?? 0n)
      .execute();
    await enqueueTasks({ tx: db, topic, subjectIds: ['twice'], runAt: now });
    expect(await retryDeadTask({ db, id: task?.id ?? 0n, now })).toBe('queued_again_since');
  });

  it('a claim that lapsed is taken by another process, and the first one’s late answer moves nothing', async () => {
    const now = new Date('2030-03-01T00:00:00Z');
    await enqueueTasks({ tx: db, topic, subjectIds: ['slow'], runAt: now });
    const [mine] = await claimTasks({ db, topic, limit: 5, now, holder: 'one' });
    expect(mine?.subjectId).toBe('slow');
    expect(await claimTasks({ db, topic, limit: 5, now, holder: 'two' })).toEqual([]);
    const later = new Date(now.getTime() + 3 * minute);
    const [theirs] = await claimTasks({ db, topic, limit: 5, now: later, holder: 'two' });
    expect(theirs?.id).toBe(mine?.id);
    expect(theirs?.attempts).toBe(2);
    if (!mine || !theirs) throw new Error('unclaimed');
    await finishTask({ db, task: mine, now: later, result: { kind: 'failed', error: 'timed out' } });
    expect((await taskOf('slow')).claim_token).toBe(theirs.claimToken);
    await finishTask({ db, task: theirs, now: later, result: { kind: 'done' } });
    expect((await taskOf('slow')).done_at).not.toBeNull();
  });

  it('processes claiming side by side never take the same task', async () => {
    const now = new Date('2030-04-01T00:00:00Z');
    const subjects = Array.from({ length: 300 }, (_, index) => `many-${index}`);
    await enqueueTasks({ tx: db, topic, subjectIds: subjects, runAt: now });
    const handled: string[] = [];
    const worker = async (holder: string) => {
      for (;;) {
        const batch = await runTaskBatch({
          db,
          topic,
          limit: 7,
          holder,
          now: () => now,
          handle: async (task) => {
            handled.push(task.subjectId);
          },
        });
        if (batch.claimed === 0) return;
      }
    };
    await Promise.all(['p1', 'p2', 'p3', 'p4'].map(worker));
    expect(handled.length).toBe(subjects.length);
    expect(new Set(handled).size).toBe(subjects.length);
  });
});
