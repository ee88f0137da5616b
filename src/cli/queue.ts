import { listDeadTasks } from '../queue/list-dead-tasks.js';
import { listFailingTasks, queueStatus } from '../queue/queue-status.js';
import { retryDeadTask } from '../queue/retry-dead-task.js';
import { openDatabase } from './open-database.js';

// npm run queue -- status         each topic's open tasks (due, waiting, failing) and dead letters
// npm run queue -- failing [topic] open tasks whose last attempt failed (still retried), longest-failing first
// npm run queue -- dead [topic]   the dead letters (tasks given up after their last attempt), newest first
// npm run queue -- retry <id>     give one its attempts again, due now
const [command, argument] = process.argv.slice(2);
const db = await openDatabase();
try {
  if (command === 'status') {
    const topics = await queueStatus({ db, now: new Date() });
    if (topics.length === 0) console.log('No open tasks and no dead letters.');
    for (const t of topics)
      console.log(`${t.topic}\t${t.due} due\t${t.waiting} waiting\t${t.failing} failing\t${t.dead} dead`);
  } else if (command === 'failing') {
    const tasks = await listFailingTasks({ db, limit: 100, ...(argument ? { topic: argument } : {}) });
    if (tasks.length === 0) console.log('No task is failing.');
    for (const task of tasks)
      console.log(
        `${task.id}\t${task.topic}\t${task.subject_id}\t${task.attempts} attempt(s)\tnext ${task.run_at.toISOString()}\t${task.last_error ?? ''}`,
      );
  } else if (command === 'dead') {
    const { items, hasMore } = await listDeadTasks({
      db,
      limit: 100,
      ...(argument ? { topic: argument } : {}),
    });
    if (items.length === 0) console.log('No dead letters.');
    for (const task of items)
      console.log(
        `${task.id}\t${task.topic}\t${task.subjectId}\t${task.attempts} attempt(s)\tdead since ${task.deadAt.toISOString()}\t${task.lastError ?? ''}`,
      );
    if (hasMore) console.log('(the newest 100; more are older)');
  } else if (command === 'retry' && argument && /^\d{1,18}$/.test(argument)) {
    const outcome = await retryDeadTask({ db, id: BigInt(argument), now: new Date() });
    const said = {
      queued: `Task ${argument} is queued again, due now.`,
      not_found: `There is no task ${argument}.`,
      not_dead: `Task ${argument} is not a dead letter; it is left as it is.`,
      queued_again_since: `Task ${argument}'s work was queued again since; that newer task does it.`,
    }[outcome];
    console.log(said);
    if (outcome !== 'queued') process.exitCode = 1;
  } else {
    console.error('Usage: npm run queue -- status | failing [topic] | dead [topic] | retry <task id>');
    process.exitCode = 2;
  }
} finally {
  await db.destroy();
}
