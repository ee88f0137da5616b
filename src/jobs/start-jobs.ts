import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../db/connect.js';
import { jobLeaseMs, runClaimed } from './run-claimed.js';

/** Work done by one process at a time, on schedule across all of them (see run-claimed.ts). */
export interface ScheduledJob {
  kind: 'scheduled';
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/** Work whose rows are claimed one by one: every process does some (webhooks, email). */
export interface QueueJob {
  kind: 'queue';
  name: string;
  /** How long this loop waits when nothing was due; the jobs' poll by default. */
  pollMs?: number;
  /** One claimed batch; true when the batch was full, so the next should follow at once. */
  runBatch: () => Promise<boolean>;
  /** Work the batches started and did not wait for (webhook sends in flight): stop waits for it. */
  drain?: () => Promise<void>;
}

export interface Jobs {
  /** Takes no more work, waits for what is running, then resolves. */
  stop: () => Promise<void>;
}

/**
 * Runs each job in a loop of its own, polling every `pollMs`. A failure is logged (and, for
 * scheduled jobs, stored in job_runs) and the loop goes on: a job never takes the server down.
 */
export function startJobs(options: {
  db: Db;
  jobs: (ScheduledJob | QueueJob)[];
  pollMs: number;
  holder: string;
  leaseMs?: number;
  log: (message: string, error?: unknown) => void;
}): Jobs {
  const stopping = new AbortController();
  const pause = (ms: number) => sleep(ms, undefined, { signal: stopping.signal }).catch(() => undefined);
  const loops = options.jobs.map(async (job) => {
    while (!stopping.signal.aborted) {
      let again = false;
      try {
        if (job.kind === 'queue') again = await job.runBatch();
        else {
          const outcome = await runClaimed({
            db: options.db,
            name: job.name,
            everyMs: job.everyMs,
            leaseMs: options.leaseMs ?? jobLeaseMs,
            holder: options.holder,
            run: job.run,
          });
          if (outcome.error) options.log(`job ${job.name} failed; it runs again on schedule`, outcome.error);
        }
      } catch (error) {
        options.log(`job ${job.name} could not run; trying again`, error);
      }
      if (!again)
        await pause(job.kind === 'queue' ? (job.pollMs ?? options.pollMs) : Math.max(options.pollMs, 1000));
    }
  });
  return {
    stop: async () => {
      stopping.abort();
      await Promise.all(loops);
      await Promise.all(options.jobs.map((job) => (job.kind === 'queue' ? job.drain?.() : undefined)));
    },
  };
}
