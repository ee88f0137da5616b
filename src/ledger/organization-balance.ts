import { sql } from 'kysely';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { inFlightPaymentStatuses } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import type { CurrencyCode } from '../domain/money.js';
import { can } from '../domain/permissions.js';
import { customerCreditBalance } from './customer-credit-balance.js';

export interface OrganizationBalance {
  currency: CurrencyCode;
  outstandingMinor: bigint;
  pastDueSubscriptions: number;
  paymentsInProgress: number;
  /** What the seller keeps for the organization's next invoices. */
  creditBalanceMinor: bigint;
}

/** The whole organization's outstanding balance, from the ledger, however many subscriptions it has. */
export async function organizationBalance(options: { db: Db; actor: Actor }): Promise<OrganizationBalance> {
  const { db, actor } = options;
  if (!can(actor.role, 'billing.read')) throw new AppError('permission_denied');
  const organization = await db
    .selectFrom('organizations')
    .select('currency')
    .where('id', '=', actor.organizationId)
    .executeTakeFirstOrThrow();
  const balances = await db
    .selectFrom('ledger_entries')
    .select(sql<string>`coalesce(sum(amount_minor), 0)`.as('outstanding'))
    .where('organization_id', '=', actor.organizationId)
    .where('account', '=', 'receivable')
    .executeTakeFirstOrThrow();
  // Past due is a state the subscription carries (past_due_since): set by a failed automatic charge
  // or by dunning's daily pass the day after an invoice's due date, cleared by payment. An invoice not
  // yet due is owed, not past due.
  const pastDue = await db
    .selectFrom('subscriptions')
    .select(sql<string>`count(*)`.as('count'))
    .where('organization_id', '=', actor.organizationId)
    .where('past_due_since', 'is not', null)
    .where('status', '!=', 'deleted')
    .executeTakeFirstOrThrow();
  const inFlight = await db
    .selectFrom('payments')
    .select(sql<string>`count(*)`.as('count'))
    .where('organization_id', '=', actor.organizationId)
    .where('status', 'in', inFlightPaymentStatuses)
    .executeTakeFirstOrThrow();
  return {
    currency: organization.currency,
    outstandingMinor: BigInt(balances.outstanding),
    pastDueSubscriptions: Number(pastDue.count),
    paymentsInProgress: Number(inFlight.count),
    creditBalanceMinor: await customerCreditBalance(db, actor.organizationId),
  };
}
