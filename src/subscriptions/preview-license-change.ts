import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';
import { type LicenseChange, quote, readSubscription } from './license-quote.js';

/** What a change of license count would bill now (prorated) and at each renewal; nothing is saved. */
export async function previewLicenseChange(options: {
  db: Db;
  actor: Actor;
  subscriptionId: string;
  licenses: number;
  now?: Date;
}): Promise<LicenseChange> {
  const { db, actor } = options;
  if (!can(actor.role, 'billing.read')) throw new AppError('permission_denied');
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  const subscription = await readSubscription(db, actor, options.subscriptionId, false);
  return quote(subscription, options.licenses, today).change;
}
