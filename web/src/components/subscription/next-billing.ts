import type { SubscriptionSummary } from '../../api.js';

/**
 * What a subscription's next billing date means to its admin: it renews on it, it ends on it (canceled
 * at the period's end), or it bills no more (Disabled or Deleted): never a billing date that will not come.
 */
export function nextBilling(
  subscription: Pick<SubscriptionSummary, 'status' | 'recurringBilling' | 'nextBillingDate'>,
): { kind: 'renews' | 'ends'; date: string } | { kind: 'none' } {
  if (subscription.status === 'disabled' || subscription.status === 'deleted') return { kind: 'none' };
  if (!subscription.recurringBilling) return { kind: 'ends', date: subscription.nextBillingDate };
  return { kind: 'renews', date: subscription.nextBillingDate };
}
