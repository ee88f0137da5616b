import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

/**
 * How long a claim on a whole run lasts unless renewed (every third of it while the run goes on): a
 * process killed mid-run holds the job up this long at most.
 */
export const jobLeaseMs = 10_000;

/**
 * Runs a whole job (renewals and dunning, reconciliation, expiry) in one process of however many
 * share the database, on schedule across all of them. The claim is a lease on the job's row in
 * job_runs, taken with FOR UPDATE SKIP LOCKED and kept alive while the run lasts; a process killed
 * mid-run stops renewing it, and another takes the job when it lapses. Every run records when it
 * started and ended and its error, if any, for operators to see.
 */
export async function runClaimed(options: {
  db: Db;
  name: string;
  /**
   * Due when no process has finished a run in this long. Each process judges by its own setting, so
   * one configured to reconcile daily never holds back another that reconciles every 30 s.
   */
  everyMs: number;
  leaseMs: number;
  /** Who holds the lease, for operators: host and process id. */
  holder: string;
  /** Run now even if not due (start-up work), unless another process is running it. */
  ignoreSchedule?: boolean;
  run: () => Promise<unknown>;
}): Promise<{ ran: boolean; error?: unknown; heldBy?: string | null }> {
  const { db, name } = options;
  await db
    .insertInto('job_runs')
    .values({ name })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
  const claimedAt = new Date();
  const claimed = await sql<{ name: string }>`
    with claimable as (
      select name from job_runs
      where name = ${name} and (${options.ignoreSchedule ?? false} or last_finished_at is null
          or last_finished_at <= ${new Date(claimedAt.getTime() - options.everyMs)})
        and (claimed_until is null or claimed_until < ${claimedAt})
      for update skip locked
    )
    update job_runs j set claimed_until = ${new Date(claimedAt.getTime() + options.leaseMs)},
      claimed_by = ${options.holder}, runs = j.runs + 1, last_started_at = ${claimedAt}
    from claimable where j.name = claimable.name
    returning j.name`.execute(db);
  if (claimed.rows.length === 0) {
    const holder = await db
      .selectFrom('job_runs')
      .select('claimed_by')
      .where('name', '=', name)
      .executeTakeFirst();
    return { ran: false, heldBy: holder?.claimed_by ?? null };
  }
  const heartbeat = setInterval(() => {
    db.updateTable('job_runs')
      .set({ claimed_until: new Date(Date.now() + options.leaseMs) })
      .where('name', '=', name)
      .where('claimed_by', '=', options.holder)
      .execute()
      .catch(() => {
        // A missed heartbeat is retried at the next; if the database is gone the run fails anyway.
      });
  }, options.leaseMs / 3);
  let failure: unknown;
  try {
    await options.run();
  } catch (error) {
    failure = error;
  } finally {
    clearInterval(heartbeat);
  }
  const finishedAt = new Date();
  await db
    .updateTable('job_runs')
    .set({
      claimed_until: null,
      claimed_by: null,
      last_finished_at: finishedAt,
      last_error: failure === undefined ? null : describe(failure),
      failures: failure === undefined ? sql<number>`failures` : sql<number>`failures + 1`,
    })
    .where('name', '=', name)
    .where('claimed_by', '=', options.holder)
    .execute();
  return failure === undefined ? { ran: true } : { ran: true, error: failure };
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000);
}
