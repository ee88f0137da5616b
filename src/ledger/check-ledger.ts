import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { findLedgerProblems } from '../domain/ledger.js';

/**
 * Reads the whole books and reports every broken invariant; an empty list means they are sound.
 * Given the processor's successful charges, it also checks them one to one against succeeded payments.
 */
export async function checkLedger(options: {
  db: Db;
  /** One tenant's books only; the charges given should then be that tenant's too. */
  organizationId?: string;
  gatewayCharges?: { idempotencyKey: string; amountMinor: bigint }[];
}): Promise<string[]> {
  const { organizationId } = options;
  const rows = await options.db
    .selectFrom('ledger_entries')
    .select(['journal_id', 'account', 'amount_minor', 'subscription_id', 'invoice_id'])
    .$if(organizationId !== undefined, (q) => q.where('organization_id', '=', organizationId as string))
    .execute();
  const invoices = await options.db
    .selectFrom('invoices')
    .select(['id', 'subscription_id', 'amount_minor', 'credited_minor', 'paid_minor', 'status'])
    .$if(organizationId !== undefined, (q) => q.where('organization_id', '=', organizationId as string))
    .execute();
  const problems = findLedgerProblems(
    rows.map((row) => ({
      journalId: row.journal_id,
      account: row.account,
      amountMinor: row.amount_minor,
      subscriptionId: row.subscription_id,
      invoiceId: row.invoice_id,
    })),
    invoices.map((invoice) => ({
      id: invoice.id,
      subscriptionId: invoice.subscription_id,
      amountMinor: invoice.amount_minor - invoice.credited_minor - invoice.paid_minor,
      status: invoice.status,
    })),
  );
  const paidWithoutPayment = await options.db
    .selectFrom('invoices')
    .leftJoin('payments', 'payments.id', 'invoices.payment_id')
    .select('invoices.number')
    .where('invoices.status', '=', 'paid')
    // Credit notes may take a whole invoice off: it is settled without a payment.
    .whereRef('invoices.credited_minor', '<', 'invoices.amount_minor')
    .$if(organizationId !== undefined, (q) =>
      q.where('invoices.organization_id', '=', organizationId as string),
    )
    .where((eb) => eb.or([eb('payments.id', 'is', null), eb('payments.status', '!=', 'succeeded')]))
    .execute();
  for (const invoice of paidWithoutPayment)
    problems.push(`invoice ${invoice.number} is paid without a succeeded payment`);
  if (options.gatewayCharges) {
    // What each succeeded payment still holds at the processor: its amount less its refunds given back.
    const succeeded = await options.db
      .selectFrom('payments')
      .select([
        'id',
        'amount_minor',
        sql<string>`coalesce((select sum(r.amount_minor) from refunds r
          where r.payment_id = payments.id and r.status = 'succeeded'), 0)::text`.as('refunded_minor'),
      ])
      .where('status', '=', 'succeeded')
      // Money recorded outside a card never went through the processor.
      .where('method', '=', 'card')
      .$if(organizationId !== undefined, (q) => q.where('organization_id', '=', organizationId as string))
      .execute();
    const recorded = new Map(
      succeeded
        .map((payment) => [payment.id, payment.amount_minor - BigInt(payment.refunded_minor)] as const)
        .filter(([, netMinor]) => netMinor > 0n),
    );
    const charged = new Map(
      options.gatewayCharges.map((charge) => [charge.idempotencyKey, charge.amountMinor]),
    );
    for (const [key, amount] of charged) {
      if (recorded.get(key) !== amount) {
        problems.push(
          `processor charged ${amount} for ${key}; Settle recorded ${recorded.get(key) ?? 'no succeeded payment'}`,
        );
      }
    }
    for (const id of recorded.keys()) {
      if (!charged.has(id))
        problems.push(`payment ${id} is succeeded but the processor has no charge for it`);
    }
  }
  return problems;
}
