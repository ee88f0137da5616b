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
  /** Where to transfer money, for an organization that pays its invoices itself (null otherwise). */
  bankTransfer: { bankCode: string; bankName: string; accountName: string; accountNumber: string } | null;
}

/** The whole organization's outstanding balance, from the ledger, however many subscriptions it has. */
export async function organizationBalance(options: { db: Db; actor: Actor }): Promise<OrganizationBalance> {
  const { db, actor } = options;
  if (!can(actor.role, 'billing.read')) throw new AppError('permission_denied');
  const organization = await db
    .selectFrom('organizations')
    .leftJoin('seller_profile', (join) => join.on('seller_profile.id', '=', 1))
    .select([
      'organizations.currency',
      'organizations.collection_method',
      'organizations.transfer_account',
      'seller_profile.bank_code',
      'seller_profile.bank_name',
      'seller_profile.legal_name',
    ])
    .where('organizations.id', '=', actor.organizationId)
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
    bankTransfer:
      organization.collection_method === 'send_invoice' &&
      organization.transfer_account &&
      organization.bank_code &&
      organization.bank_name &&
      organization.legal_name
        ? {
            bankCode: organization.bank_code,
            bankName: organization.bank_name,
            accountName: organization.legal_name,
            accountNumber: organization.transfer_account,
          }
        : null,
  };
}
