import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';
import type { CardCollection, PaymentGateway } from '../gateway/payment-gateway.js';

/**
 * Gets the processor's card form ready for an admin about to add a card (Stripe: a SetupIntent on the
 * organization's customer, so the card is saved for renewals off-session). No card data passes here.
 */
export async function prepareCardForm(options: {
  db: Db;
  gateway: PaymentGateway;
  actor: Actor;
}): Promise<CardCollection> {
  const { actor } = options;
  if (!can(actor.role, 'billing.manage')) throw new AppError('permission_denied');
  const organization = await options.db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('id', '=', actor.organizationId)
    .executeTakeFirstOrThrow();
  return options.gateway.prepareCardCollection(organization);
}
