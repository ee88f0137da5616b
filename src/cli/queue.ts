import { listDeadTasks } from '../queue/list-dead-tasks.js';
import { retryDeadTask } from '../queue/retry-dead-task.js';
import { openDatabase } from './open-database.js';

// npm run queue -- dead [topic]   the dead letters (tasks given up after their last attempt), newest first
// npm run queue -- retry <id>     give one its attempts again, due now
const [command, argument] = process.argv.slice(2);
const db = await openDatabase();
try {
  if (command === 'dead') {
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
    console.error('Usage: npm run queue -- dead [topic] | retry <task id>');
    process.exitCode = 2;
  }
} finally {
  await db.destroy();
}
