import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { SubscriptionStatus } from '../db/schema.js';
import { withSubscriptionEvents } from '../events/subscription-events.js';
import { outstandingBySubscription } from '../ledger/outstanding-balance.js';

/**
 * In the caller's transaction, after what it owed was taken off (a void, a credit note): a subscription
 * left owing nothing is no longer past due, and back in good standing unless a cancel ended it.
 */
export async function restoreStandingIfNothingOwed(
  tx: Db,
  subject: { organizationId: string; subscriptionId: string },
): Promise<void> {
  const owed = await outstandingBySubscription({
    db: tx,
    organizationId: subject.organizationId,
    subscriptionIds: [subject.subscriptionId],
  });
  if ((owed.get(subject.subscriptionId) ?? 0n) > 0n) return;
  await withSubscriptionEvents(tx, [subject.subscriptionId], () =>
    tx
      .updateTable('subscriptions')
      .set({
        status: sql<SubscriptionStatus>`case when ended_at is null and status <> 'deleted' then 'active' else status end`,
        past_due_since: null,
      })
      .where('id', '=', subject.subscriptionId)
      .where('past_due_since', 'is not', null)
      .execute(),
  );
}
