import { randomUUID } from 'node:crypto';
import { type AuditEntry, recordAudit, recordAuditEntries } from '../audit/record-audit.js';
import type { Db } from '../db/connect.js';
import type { Payment } from '../db/schema.js';
import { invoicePaidPostings } from '../domain/ledger.js';
import { postLedgerJournals } from '../ledger/post-ledger.js';
import { notifyBillingAdmins } from '../notifications/notify-billing-admins.js';

export type RecordedOutcome =
  | { status: 'succeeded'; chargeId: string }
  | { status: 'failed'; failureCode: string }
  | { status: 'unknown' };

/** Reconciliation asks again after 30 s, then doubles the wait up to an hour. */
export function nextReconcileAt(now: Date, attempts: number): Date {
  const delayMs = Math.min(30_000 * 2 ** attempts, 60 * 60 * 1000);
  return new Date(now.getTime() + delayMs);
}

/**
 * Applies what the processor said to a payment that is still pending or unknown. Safe to call any
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
    const payment = await tx
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
    if (payment.status !== 'pending' && payment.status !== 'unknown') {
      const { subscription_status: _status, subscription_payment_method_id: _method, ...settled } = payment;
      return settled;
    }
    const audit = { tx, organizationId: payment.organization_id, actorUserId: options.actorUserId };
    const { outcome } = options;

    if (outcome.status === 'unknown') {
      const updated = await tx
        .updateTable('payments')
        .set({
          status: 'unknown',
          updated_at: now,
          next_reconcile_at: nextReconcileAt(now, payment.reconcile_attempts),
        })
        .where('id', '=', payment.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit({ ...audit, action: 'payment.unknown', targetType: 'payment', targetId: payment.id });
      return updated;
    }

    if (outcome.status === 'failed') {
      const updated = await tx
        .updateTable('payments')
        .set({
          status: 'failed',
          failure_code: outcome.failureCode,
          updated_at: now,
          next_reconcile_at: null,
        })
        .where('id', '=', payment.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit({
        ...audit,
        action: 'payment.failed',
        targetType: 'payment',
        targetId: payment.id,
        details: {
          subscriptionId: payment.subscription_id,
          failureCode: outcome.failureCode,
          amountMinor: payment.amount_minor,
        },
      });
      // Money not taken leaves the balance unpaid: a subscription in good standing becomes past due
      // (Expired, the grace period) and dunning takes it from there.
      const becamePastDue = await tx
        .updateTable('subscriptions')
        .set({ status: 'expired', past_due_since: now })
        .where('id', '=', payment.subscription_id)
        .where('status', '=', 'active')
        .executeTakeFirst();
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
      if (payment.created_by_user_id === null && outcome.failureCode !== 'not_charged') {
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
          failureCode: outcome.failureCode,
          invoiceId: latest?.id ?? null,
        });
      }
      return updated;
    }

    const paymentMethodId = payment.payment_method_id ?? randomUUID();
    const entries: AuditEntry[] = [];
    if (!payment.payment_method_id) {
      if (!payment.created_by_user_id) throw new Error(`payment ${payment.id} has a new card but no owner`);
      // A card added while settling is saved only now that it has paid.
      await tx
        .insertInto('payment_methods')
        .values({
          id: paymentMethodId,
          organization_id: payment.organization_id,
          owner_user_id: payment.created_by_user_id,
          gateway_token: payment.gateway_token,
          brand: payment.card_brand,
          last4: payment.card_last4,
          exp_month: payment.card_exp_month,
          exp_year: payment.card_exp_year,
          cardholder_name: payment.cardholder_name,
        })
        .execute();
      entries.push({
        action: 'payment_method.added',
        targetType: 'payment_method',
        targetId: paymentMethodId,
      });
    }
    const updated = await tx
      .updateTable('payments')
      .set({
        status: 'succeeded',
        gateway_charge_id: outcome.chargeId,
        payment_method_id: paymentMethodId,
        updated_at: now,
        next_reconcile_at: null,
      })
      .where('id', '=', payment.id)
      .returningAll()
      .executeTakeFirstOrThrow();
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
      .returning(['id', 'amount_minor', 'currency', 'issued_on'])
      .execute();
    covered.sort((a, b) => a.issued_on.localeCompare(b.issued_on));
    await postLedgerJournals({
      tx,
      organizationId: payment.organization_id,
      subscriptionId: payment.subscription_id,
      journals: covered.map((invoice) => ({
        currency: invoice.currency,
        invoiceId: invoice.id,
        paymentId: payment.id,
        postings: invoicePaidPostings(invoice.amount_minor),
      })),
    });
    await tx
      .updateTable('subscriptions')
      .set({ status: 'active', past_due_since: null, payment_method_id: paymentMethodId })
      .where('id', '=', payment.subscription_id)
      .execute();
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
    if (payment.subscription_payment_method_id !== paymentMethodId) {
      entries.push({
        action: 'subscription.payment_method_changed',
        targetType: 'subscription',
        targetId: payment.subscription_id,
        details: { from: payment.subscription_payment_method_id, to: paymentMethodId },
      });
    }
    if (payment.subscription_status !== 'active' && payment.created_by_user_id === null) {
      await notifyBillingAdmins({
        tx,
        organizationId: payment.organization_id,
        subscriptionId: payment.subscription_id,
        kind: 'payment_succeeded',
        amountMinor: payment.amount_minor,
        invoiceId: covered.at(-1)?.id ?? null,
      });
    }
    if (payment.subscription_status !== 'active') {
      entries.push({
        action: 'subscription.reactivated',
        targetType: 'subscription',
        targetId: payment.subscription_id,
        details: { from: payment.subscription_status, to: 'active' },
      });
    }
    await recordAuditEntries({ ...audit, entries });
    return updated;
  });
}
