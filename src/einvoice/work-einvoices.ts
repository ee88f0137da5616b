import type { Db } from '../db/connect.js';
import { runTaskBatch } from '../queue/run-task-batch.js';
import type { EInvoiceIssuer } from './einvoice-issuer.js';
import { issueAllowance } from './issue-allowance.js';
import { issueEInvoice } from './issue-einvoice.js';
import { voidEInvoice } from './void-einvoice.js';

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
  const issued = await runTaskBatch({
    ...batch,
    topic: 'einvoice.issue',
    handle: async (task) => {
      const outcome = await issueEInvoice({
        db,
        issuer,
        einvoiceId: task.subjectId,
        // Earlier attempts: a claim counts its own.
        attempt: task.attempts - 1,
        now: clock(),
      });
      if (outcome.kind === 'issued') report.issued++;
      if (outcome.kind === 'failed') report.failed++;
      return outcome.kind === 'waiting' ? { again: outcome.again } : undefined;
    },
  });
  const voided = await runTaskBatch({
    ...batch,
    topic: 'einvoice.void',
    handle: async (task) => {
      const outcome = await voidEInvoice({
        db,
        issuer,
        einvoiceId: task.subjectId,
        // Earlier attempts: a claim counts its own.
        attempt: task.attempts - 1,
        now: clock(),
      });
      if (outcome.kind === 'voided' || outcome.kind === 'canceled') report.voided++;
      return outcome.kind === 'waiting' ? { again: outcome.again } : undefined;
    },
  });
  const allowed = await runTaskBatch({
    ...batch,
    topic: 'einvoice.allowance',
    handle: async (task) => {
      const outcome = await issueAllowance({
        db,
        issuer,
        allowanceId: task.subjectId,
        // Earlier attempts: a claim counts its own.
        attempt: task.attempts - 1,
        now: clock(),
      });
      if (outcome.kind === 'issued') report.allowances++;
      if (outcome.kind === 'failed') report.failed++;
      return outcome.kind === 'waiting' ? { again: outcome.again } : undefined;
    },
  });
  report.more = issued.full || voided.full || allowed.full;
  return report;
}
