import type { Db } from '../db/connect.js';
import { type DunningPolicy, dunningPolicyProblem } from '../domain/dunning.js';
import { AppError } from '../domain/errors.js';

/**
 * Sets the seller's dunning policy, for every customer without one of its own: from the next dunning
 * pass on, subscriptions already past due included (their days past due are counted as before).
 */
export async function setDunningPolicy(options: { db: Db; policy: DunningPolicy }): Promise<DunningPolicy> {
  const reason = dunningPolicyProblem(options.policy);
  if (reason) throw new AppError('validation_failed', { field: 'policy', reason });
  const policy = JSON.stringify(options.policy);
  await options.db
    .insertInto('dunning_policy')
    .values({ id: 1, policy })
    .onConflict((oc) => oc.column('id').doUpdateSet({ policy, updated_at: new Date() }))
    .execute();
  return options.policy;
}
