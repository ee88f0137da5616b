import type { Kysely } from 'kysely';
import type { SubscriptionObject } from '../contract/objects.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { readSubscriptionObjects } from '../resources/subscription-objects.js';

export type ProviderSubscriptionView = SubscriptionObject;

/** A subscription as the provider sees it: the same object its events carry. */
export async function readProviderSubscription(
  db: Kysely<Database>,
  subscriptionId: string,
): Promise<ProviderSubscriptionView> {
  const found = (await readSubscriptionObjects(db, [subscriptionId])).get(subscriptionId);
  if (!found) throw new AppError('subscription_not_found');
  return found;
}
