import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';
import { type ChangedBy, type LicenseChange, quote } from './license-quote.js';
import { readSubscriptionForChange } from './read-subscription-for-change.js';

/**
 * What a change of license count would bill now (prorated) and at each renewal; nothing is saved. An
 * admin previews its organization's subscriptions; the provider any customer's.
 */
export async function previewLicenseChange(options: {
  db: Db;
  /** An organization's admin, or the provider through an API key. */
  by: ChangedBy;
  subscriptionId: string;
  licenses: number;
  now?: Date;
}): Promise<LicenseChange> {
  const { db } = options;
  const actor = 'actor' in options.by ? options.by.actor : undefined;
  if (actor && !can(actor.role, 'billing.read')) throw new AppError('permission_denied');
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  const subscription = await readSubscriptionForChange(db, {
    subscriptionId: options.subscriptionId,
    organizationId: actor?.organizationId,
    lock: false,
  });
  return quote(subscription, options.licenses, today).change;
}
