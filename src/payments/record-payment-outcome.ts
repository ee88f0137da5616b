import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { type AuditEntry, recordAudit, recordAuditEntries } from '../audit/record-audit.js';
import type { Db } from '../db/connect.js';
import {
  type Database,
  inFlightPaymentStatuses,
  type Payment,
  type SubscriptionStatus,
} from '../db/schema.js';
import { nextAttemptAt } from '../domain/backoff.js';
import { invoiceOwedMinor, invoicePaidPostings } from '../domain/ledger.js';
import { notChargedChecks } from '../domain/payment-checks.js';
import { requestEInvoices } from '../einvoice/request-einvoices.js';
import { recordInvoiceEvents, recordPaymentEvent } from '../events/resource-events.js';
import { withSubscriptionEvents } from '../events/subscription-events.js';
import type { ConfirmResult } from '../gateway/payment-gateway.js';
import { postLedgerJournals } from '../ledger/post-ledger.js';
import { notifyBillingAdmins } from '../notifications/notify-billing-admins.js';
import { closeTasks } from '../queue/close-tasks.js';
import { enqueueTasks } from '../queue/enqueue-tasks.js';
import { asCardPayment } from './card-payment.js';
import { paymentDeadlines } from './deadlines.js';

export type RecordedOutcome =
  | { status: 'succeeded'; chargeId: string }
  | { status: 'failed'; failureCode: string }
  /** Waiting for the cardholder to confirm with their bank (3-D Secure). */
  | { status: 'requires_action' }
  | { status: 'unknown' };

/** The processor's word on an intent as Settle records it: canceled means no money moved. */
export function recordedOutcomeOf(outcome: ConfirmResult): RecordedOutcome {
  if (outcome.status === 'succeeded') return { status: 'succeeded', chargeId: outcome.chargeId };
  if (outcome.status === 'requires_action') return { status: 'requires_action' };
  if (outcome.status === 'failed') return { status: 'failed', failureCode: outcome.declineCode };
  return { status: 'failed', failureCode: 'not_charged' };
}

/** Reconciliation asks again after two charge deadlines (30 s), then doubles the wait up to an hour. */
export function nextReconcileAt(now: Date, attempts: number): Date {
  const policy = { firstDelayMs: 2 * paymentDeadlines.chargeMs, factor: 2, maxDelayMs: 3_600_000, jitter: 0 };
  // Never given up: a payment whose outcome is unknown stays unknown until the processor answers.
  return nextAttemptAt(policy, { attempts: attempts + 1, now }) ?? now;
}

/** When a payment recorded not charged is looked up again (src/domain/payment-checks.ts), or null when done. */
export function notChargedCheckAt(now: Date, checks: number): Date | null {
  return nextAttemptAt(notChargedChecks, { attempts: checks + 1, now });
}

/**
 * Applies what the processor said to a payment still in flight (pending, unknown, or waiting for the
 * cardholder). Safe to call any
 * number of times, from the request that charged or from reconciliation: a settled payment is left
 * as it is, so invoices are paid and the ledger is posted exactly once.
 */
export async function recordPaymentOutcome(options: {
  db: Db;
  paymentId: string;
  outcome: RecordedOutcome;
  actorUserId: string | null;
  now?: Date;
}): Promise<Payment> {
  const now = options.now ?? new Date();
  return options.db.transaction().execute(async (tx) => {
    // Locks the payment and its subscription together: both change below, in every outcome.
    const locked = await tx
      .selectFrom('payments')
      .innerJoin('subscriptions', 'subscriptions.id', 'payments.subscription_id')
      .selectAll('payments')
      .select([
        'subscriptions.status as subscription_status',
        'subscriptions.payment_method_id as subscription_payment_method_id',
      ])
      .where('payments.id', '=', options.paymentId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const { subscription_status, subscription_payment_method_id, ...payment } = locked;
    if (!(inFlightPaymentStatuses as readonly string[]).includes(payment.status)) return payment;
    const step: OutcomeStep = {
      tx,
      payment,
      subscription: { status: subscription_status, paymentMethodId: subscription_payment_method_id },
      // Settled later by reconciliation, a payment an admin started is still theirs in the audit log.
      actorUserId: options.actorUserId ?? payment.created_by_user_id,
      now,
    };
    const { outcome } = options;
    if (outcome.status === 'unknown') return recordUnknown(step);
    if (outcome.status === 'requires_action') return recordRequiresAction(step);
    if (outcome.status === 'failed') return recordFailed(step, outcome.failureCode);
    return recordSucceeded(step, outcome.chargeId);
  });
}

interface OutcomeStep {
  tx: Kysely<Database>;
  payment: Payment;
  subscription: { status: string; paymentMethodId: string | null };
  actorUserId: string | null;
  now: Date;
}

async function recordUnknown({ tx, payment, actorUserId, now }: OutcomeStep): Promise<Payment> {
  const updated = await tx
    .updateTable('payments')
    // Its 'payment.reconcile' task, queued with it, asks the processor on the task's schedule.
    .set({ status: 'unknown', updated_at: now })
    .where('id', '=', payment.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit({
    tx,
    organizationId: payment.organization_id,
    actorUserId,
    action: 'payment.unknown',
    targetType: 'payment',
    targetId: payment.id,
  });
  return updated;
}

/** The cardholder is asked to confirm: the slot stays taken until they do, or the window passes. */
async function recordRequiresAction({ tx, payment, actorUserId, now }: OutcomeStep): Promise<Payment> {
  if (payment.status === 'requires_action') return payment;
  const updated = await tx
    .updateTable('payments')
    .set({ status: 'requires_action', updated_at: now })
    .where('id', '=', payment.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit({
    tx,
    organizationId: payment.organization_id,
    actorUserId,
    action: 'payment.requires_action',
    targetType: 'payment',
    targetId: payment.id,
    details: { subscriptionId: payment.subscription_id, amountMinor: payment.amount_minor },
  });
  return updated;
}

async function recordFailed(step: OutcomeStep, failureCode: string): Promise<Payment> {
  const { tx, payment, now } = step;
  const audit = { tx, organizationId: payment.organization_id, actorUserId: step.actorUserId };
  const updated = await tx
    .updateTable('payments')
    .set({
      status: 'failed',
      failure_code: failureCode,
      updated_at: now,
    })
    .where('id', '=', payment.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await closeTasks({ tx, topic: 'payment.reconcile', subjectIds: [payment.id], now });
  // "Not charged" is Settle's conclusion, so it is checked at the processor again later (a charge
  // found there is refunded); a decline is the processor's own word.
  const checkAt = failureCode === 'not_charged' ? notChargedCheckAt(now, 0) : null;
  if (checkAt)
    await enqueueTasks({ tx, topic: 'payment.unrecorded-charge', subjectIds: [payment.id], runAt: checkAt });
  await recordAudit({
    ...audit,
    action: 'payment.failed',
    targetType: 'payment',
    targetId: payment.id,
    details: { subscriptionId: payment.subscription_id, failureCode, amountMinor: payment.amount_minor },
  });
  // Money not taken leaves the balance unpaid: a subscription in good standing becomes past due
  // (Expired, the grace period) and dunning takes it from there.
  const becamePastDue = await withSubscriptionEvents(tx, [payment.subscription_id], () =>
    tx
      .updateTable('subscriptions')
      .set({ status: 'expired', past_due_since: now })
      .where('id', '=', payment.subscription_id)
      .where('status', '=', 'active')
      .executeTakeFirst(),
  );
  if (becamePastDue.numUpdatedRows > 0n) {
    await recordAudit({
      ...audit,
      action: 'subscription.status_changed',
      targetType: 'subscription',
      targetId: payment.subscription_id,
      details: { from: 'active', to: 'expired' },
    });
  }
  // The system's own attempts tell the admins; an admin who tried a card saw the answer already.
  if (payment.created_by_user_id === null && failureCode !== 'not_charged') {
    const latest = await tx
      .selectFrom('payment_invoices')
      .innerJoin('invoices', 'invoices.id', 'payment_invoices.invoice_id')
      .select('invoices.id')
      .where('payment_invoices.payment_id', '=', payment.id)
      .orderBy('invoices.issued_on', 'desc')
      .limit(1)
      .executeTakeFirst();
    await notifyBillingAdmins({
      tx,
      organizationId: payment.organization_id,
      subscriptionId: payment.subscription_id,
      kind: 'payment_failed',
      amountMinor: payment.amount_minor,
      failureCode,
      invoiceId: latest?.id ?? null,
    });
  }
  await recordPaymentEvent(tx, 'payment.failed', payment.id);
  return updated;
}

async function recordSucceeded(step: OutcomeStep, chargeId: string): Promise<Payment> {
  const { tx, payment, subscription, now } = step;
  const entries: AuditEntry[] = [];
  const card = await cardOfSucceededPayment(tx, payment);
  if (card.added && card.id)
    entries.push({
      action: 'payment_method.added',
      targetType: 'payment_method',
      targetId: card.id,
      details: { expMonth: payment.card_exp_month, expYear: payment.card_exp_year },
    });
  const updated = await tx
    .updateTable('payments')
    .set({
      status: 'succeeded',
      gateway_charge_id: chargeId,
      payment_method_id: card.id,
      updated_at: now,
    })
    .where('id', '=', payment.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await closeTasks({ tx, topic: 'payment.reconcile', subjectIds: [payment.id], now });
  // One statement per table, whatever the number of invoices: a settlement's time is its round trips.
  const covered = await tx
    .updateTable('invoices')
    .set({ status: 'paid', paid_at: now, payment_id: payment.id })
    .where('status', '=', 'open')
    .where(
      'id',
      'in',
      tx.selectFrom('payment_invoices').select('invoice_id').where('payment_id', '=', payment.id),
    )
    .returning(['id', 'amount_minor', 'credited_minor', 'paid_minor', 'currency', 'issued_on'])
    .execute();
  covered.sort((a, b) => a.issued_on.localeCompare(b.issued_on));
  await recordInvoiceEvents(
    tx,
    'invoice.paid',
    covered.map((invoice) => invoice.id),
  );
  await requestEInvoices(tx, { invoiceIds: covered.map((invoice) => invoice.id) });
  await postLedgerJournals({
    tx,
    organizationId: payment.organization_id,
    subscriptionId: payment.subscription_id,
    journals: covered.map((invoice) => ({
      currency: invoice.currency,
      invoiceId: invoice.id,
      paymentId: payment.id,
      // What it still owed: its amount less what credit notes took off and earlier payments paid.
      postings: invoicePaidPostings(invoiceOwedMinor({ ...invoice, status: 'open' })),
    })),
  });
  await withSubscriptionEvents(tx, [payment.subscription_id], () =>
    tx
      .updateTable('subscriptions')
      .set({
        // Paying settles money; it does not undo a cancel: an ended subscription stays as it was.
        status: sql<SubscriptionStatus>`case when ended_at is null then 'active' else status end`,
        past_due_since: null,
        payment_method_id: card.id ?? subscription.paymentMethodId,
      })
      .where('id', '=', payment.subscription_id)
      .execute(),
  );
  entries.push({
    action: 'balance.settled',
    targetType: 'subscription',
    targetId: payment.subscription_id,
    details: {
      paymentId: payment.id,
      amountMinor: payment.amount_minor,
      currency: payment.currency,
      invoices: covered.length,
    },
  });
  if (card.id && subscription.paymentMethodId !== card.id) {
    entries.push({
      action: 'subscription.payment_method_changed',
      targetType: 'subscription',
      targetId: payment.subscription_id,
      details: { from: subscription.paymentMethodId, to: card.id },
    });
  }
  // A recovery is announced to every billing admin, whoever paid: the others learn it was settled.
  if (subscription.status !== 'active') {
    await notifyBillingAdmins({
      tx,
      organizationId: payment.organization_id,
      subscriptionId: payment.subscription_id,
      kind: 'payment_succeeded',
      amountMinor: payment.amount_minor,
      invoiceId: covered.at(-1)?.id ?? null,
    });
  }
  if (subscription.status !== 'active') {
    entries.push({
      action: 'subscription.reactivated',
      targetType: 'subscription',
      targetId: payment.subscription_id,
      details: { from: subscription.status, to: 'active' },
    });
  }
  await recordAuditEntries({
    tx,
    organizationId: payment.organization_id,
    actorUserId: step.actorUserId,
    entries,
  });
  await recordPaymentEvent(tx, 'payment.succeeded', payment.id);
  return updated;
}

/**
 * The saved card a successful payment was made with. A new card is saved only now that it has paid;
 * the same token may have been saved meanwhile (it settled another balance at the same moment, or was
 * added on Payment methods), and then that card is the one. Never throws for it: the money moved, and
 * the outcome must be recorded whatever happened to the card.
 */
async function cardOfSucceededPayment(
  tx: Kysely<Database>,
  paid: Payment,
): Promise<{ id: string | null; added: boolean }> {
  if (paid.payment_method_id) return { id: paid.payment_method_id, added: false };
  const payment = asCardPayment(paid);
  if (payment.created_by_user_id) {
    const inserted = await tx
      .insertInto('payment_methods')
      .values({
        id: randomUUID(),
        organization_id: payment.organization_id,
        owner_user_id: payment.created_by_user_id,
        gateway_token: payment.gateway_token,
        brand: payment.card_brand,
        last4: payment.card_last4,
        exp_month: payment.card_exp_month,
        exp_year: payment.card_exp_year,
        cardholder_name: payment.cardholder_name,
      })
      .onConflict((oc) => oc.column('gateway_token').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { id: inserted.id, added: true };
  }
  const saved = await tx
    .selectFrom('payment_methods')
    .select(['id', 'organization_id', 'removed_at'])
    .where('gateway_token', '=', payment.gateway_token)
    .executeTakeFirst();
  if (!saved || saved.organization_id !== payment.organization_id || saved.removed_at)
    return { id: null, added: false };
  return { id: saved.id, added: false };
}
