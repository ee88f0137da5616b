import { hostname } from 'node:os';
import type { Db } from '../db/connect.js';
import { nextAttemptAt } from '../domain/backoff.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { makeDueNow } from '../queue/make-due-now.js';
import { runTaskBatch, type TaskHandler } from '../queue/run-task-batch.js';
import { type QueueTopic, queueTopics } from '../queue/topics.js';
import { sendRefund } from '../refunds/send-refund.js';
import { checkUnrecordedCharge } from './check-unrecorded-charge.js';
import { paymentCheckLeaseMs } from './deadlines.js';
import { reconcilePayment } from './reconcile-payment.js';

export interface ReconcileReport {
  /** Payments in flight that were looked at. */
  examined: number;
  succeeded: number;
  failed: number;
  stillUnknown: number;
  /** Waiting for the cardholder's bank challenge, still within its window. */
  awaitingCardholder: number;
  /** Checks that threw: each was logged by payment id and is tried again on the queue's schedule. */
  errors: number;
  /** Processor charges that no succeeded payment accounts for, refunded now. */
  refunded: number;
  /** Refunds the seller asked for whose answer came now (given back or refused). */
  refundsAnswered: number;
  /** A batch was full: more checks may be due at once. */
  more: boolean;
}

/**
 * Works the due payment checks of the queue: what became of each payment in flight (one
 * 'payment.reconcile' task each, queued with the payment), then charges found under payments recorded
 * not charged ('payment.unrecorded-charge'). Each payment is its own task: one that throws is logged,
 * retried on the queue's schedule and counted, and the others go on. Any number of processes may run
 * this side by side; each check is claimed by one.
 */
export async function reconcilePayments(options: {
  db: Db;
  gateway: PaymentGateway;
  now?: Date;
  /** Checks per batch; batches go on while they come back full, up to `maxBatches`. */
  limit?: number;
  maxBatches?: number;
  /**
   * At start-up, ask about every payment in flight, due or not: a definite answer is safe to apply
   * at any time (recording an outcome is idempotent); only "never seen" waits for the deadline.
   */
  everyInFlight?: boolean;
  holder?: string;
  log?: (message: string) => void;
}): Promise<ReconcileReport> {
  const { db, gateway } = options;
  const clock = () => options.now ?? new Date();
  const log = options.log ?? ((message: string) => console.error(message));
  const batch = {
    limit: options.limit ?? 100,
    holder: options.holder ?? `${hostname()}:${process.pid}`,
    leaseMs: paymentCheckLeaseMs(),
  };
  const report: ReconcileReport = {
    examined: 0,
    succeeded: 0,
    failed: 0,
    stillUnknown: 0,
    awaitingCardholder: 0,
    errors: 0,
    refunded: 0,
    refundsAnswered: 0,
    more: false,
  };
  if (options.everyInFlight) await makeDueNow({ db, topic: 'payment.reconcile', now: clock() });
  /** One batch of a topic's due checks, each failure logged and counted. */
  const work = (topic: QueueTopic, handle: TaskHandler) =>
    runTaskBatch({
      db,
      topic,
      ...batch,
      // A refund call may take the processor's whole timeout: its topic's own lease, not the checks'.
      ...(topic === 'refund.send' ? { leaseMs: queueTopics['refund.send'].leaseMs } : {}),
      now: clock,
      handle,
      log: (message) => {
        report.errors++;
        log(message);
      },
    });
  for (let round = 0; round < (options.maxBatches ?? 10); round++) {
    const checked = await work('payment.reconcile', async (task) => {
      const outcome = await reconcilePayment({
        db,
        gateway,
        paymentId: task.subjectId,
        attempt: task.attempts,
        now: clock(),
      }).catch((error: unknown) => {
        report.examined++;
        throw error;
      });
      if (outcome.kind === 'not_in_flight') return undefined;
      report.examined++;
      if (outcome.kind === 'succeeded') report.succeeded++;
      else if (outcome.kind === 'failed') report.failed++;
      else if (outcome.kind === 'still_unknown') report.stillUnknown++;
      else report.awaitingCardholder++;
      return 'again' in outcome ? { again: outcome.again } : undefined;
    });
    const refunds = await work('payment.unrecorded-charge', async (task) => {
      const checked = await checkUnrecordedCharge({
        db,
        gateway,
        paymentId: task.subjectId,
        attempt: task.attempts,
        now: clock(),
      });
      if (checked.refunded) report.refunded++;
      return checked.again ? { again: checked.again } : undefined;
    });
    const sellerRefunds = await work('refund.send', async (task) => {
      const status = await sendRefund({ db, gateway, refundId: task.subjectId, now: clock() });
      if (status !== 'pending') {
        if (status) report.refundsAnswered++;
        return undefined;
      }
      // No answer again: asked again under the same key, later and later, never given up.
      const again = nextAttemptAt(queueTopics['refund.send'].backoff, {
        attempts: task.attempts,
        now: clock(),
      });
      return again ? { again } : undefined;
    });
    report.more = checked.full || refunds.full || sellerRefunds.full;
    if (!report.more) break;
  }
  return report;
}
