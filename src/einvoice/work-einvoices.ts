import type { Db } from '../db/connect.js';
import { runTaskBatch } from '../queue/run-task-batch.js';
import type { QueueTopic } from '../queue/topics.js';
import type { EInvoiceIssuer } from './einvoice-issuer.js';
import { issueAllowance } from './issue-allowance.js';
import { issueEInvoice } from './issue-einvoice.js';
import { voidEInvoice } from './void-einvoice.js';

/** How an attempt went: done one way or another, or waiting to look again at a time. */
type Outcome<Kind extends string> = { kind: Kind } | { kind: 'waiting'; again: Date };

export interface EInvoiceWorkReport {
  issued: number;
  failed: number;
  voided: number;
  allowances: number;
  /** Attempts that threw (no answer, or a refused void): logged, retried on the queue's schedule. */
  errors: number;
  more: boolean;
}

/**
 * One batch of each kind of e-invoice work that is due (issue, void, allowance), each item on its own:
 * one that throws is retried on its schedule and the others go on. Any number of processes may run it.
 */
export async function workEInvoices(options: {
  db: Db;
  issuer: EInvoiceIssuer;
  holder: string;
  limit?: number;
  now?: () => Date;
  log?: (message: string) => void;
}): Promise<EInvoiceWorkReport> {
  const { db, issuer } = options;
  const clock = options.now ?? (() => new Date());
  const report: EInvoiceWorkReport = {
    issued: 0,
    failed: 0,
    voided: 0,
    allowances: 0,
    errors: 0,
    more: false,
  };
  const batch = {
    db,
    limit: options.limit ?? 20,
    holder: options.holder,
    now: clock,
    log: (message: string) => {
      report.errors++;
      options.log?.(message);
    },
  };
  /** One topic's batch: each task's attempt, counted by how it went; "waiting" looks again later. */
  const work = <Kind extends string>(
    topic: QueueTopic,
    attemptOn: (input: { subjectId: string; attempt: number; now: Date }) => Promise<Outcome<Kind>>,
    count: Partial<Record<Kind, () => void>>,
  ) =>
    runTaskBatch({
      ...batch,
      topic,
      handle: async (task) => {
        // Earlier attempts: a claim counts its own.
        const outcome = await attemptOn({
          subjectId: task.subjectId,
          attempt: task.attempts - 1,
          now: clock(),
        });
        count[outcome.kind]?.();
        return 'again' in outcome ? { again: outcome.again } : undefined;
      },
    });
  const issued = await work(
    'einvoice.issue',
    ({ subjectId, attempt, now }) => issueEInvoice({ db, issuer, einvoiceId: subjectId, attempt, now }),
    { issued: () => report.issued++, failed: () => report.failed++ },
  );
  const voided = await work(
    'einvoice.void',
    ({ subjectId, attempt, now }) => voidEInvoice({ db, issuer, einvoiceId: subjectId, attempt, now }),
    { voided: () => report.voided++, canceled: () => report.voided++ },
  );
  const allowed = await work(
    'einvoice.allowance',
    ({ subjectId, attempt, now }) => issueAllowance({ db, issuer, allowanceId: subjectId, attempt, now }),
    { issued: () => report.allowances++, failed: () => report.failed++ },
  );
  report.more = issued.full || voided.full || allowed.full;
  return report;
}
