import type { Kysely } from 'kysely';
import type { CreditBalanceObject } from '../contract/objects.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { customerCreditBalance } from './customer-credit-balance.js';

/** A customer's credit balance as the provider API's GET answers it, and as its events carry it. */
export async function readCreditBalanceObject(
  db: Kysely<Database>,
  organizationId: string,
): Promise<CreditBalanceObject> {
  const organization = await db
    .selectFrom('organizations')
    .select('currency')
    .where('id', '=', organizationId)
    .executeTakeFirst();
  if (!organization) throw new AppError('not_found');
  return {
    object: 'credit_balance',
    organizationId,
    currency: organization.currency,
    amountMinor: await customerCreditBalance(db, organizationId),
  };
}
