import { sql } from 'kysely';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { inFlightPaymentStatuses } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import type { CurrencyCode } from '../domain/money.js';
import { can } from '../domain/permissions.js';

export interface OrganizationBalance {
  currency: CurrencyCode;
  outstandingMinor: bigint;
  pastDueSubscriptions: number;
  paymentsInProgress: number;
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
  const pastDue = await db
    .selectFrom(
      db
        .selectFrom('ledger_entries')
        .select('subscription_id')
        .where('organization_id', '=', actor.organizationId)
        .where('account', '=', 'receivable')
        .groupBy('subscription_id')
        .having(sql`sum(amount_minor)`, '>', 0)
        .as('owing'),
    )
    .select(sql<string>`count(*)`.as('count'))
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
  };
}
