import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { isExpired } from '../domain/card.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';

export interface PaymentMethodView {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  cardholderName: string;
  ownerName: string;
  ownedByMe: boolean;
  expired: boolean;
  subscriptionCount: number;
}

export async function listPaymentMethods(options: {
  db: Db;
  actor: Actor;
  now?: Date;
}): Promise<PaymentMethodView[]> {
  const { db, actor } = options;
  if (!can(actor.role, 'billing.read')) throw new AppError('permission_denied');
  const now = options.now ?? new Date();
  const rows = await db
    .selectFrom('payment_methods')
    .innerJoin('users', 'users.id', 'payment_methods.owner_user_id')
    .select((eb) => [
      'payment_methods.id',
      'payment_methods.brand',
      'payment_methods.last4',
      'payment_methods.exp_month',
      'payment_methods.exp_year',
      'payment_methods.cardholder_name',
      'payment_methods.owner_user_id',
      'users.display_name',
      eb
        .selectFrom('subscriptions')
        .select(eb.fn.countAll<string>().as('count'))
        .whereRef('subscriptions.payment_method_id', '=', 'payment_methods.id')
        .where('subscriptions.status', '!=', 'deleted')
        .as('subscriptionCount'),
    ])
    .where('payment_methods.organization_id', '=', actor.organizationId)
    .where('payment_methods.removed_at', 'is', null)
    .orderBy('payment_methods.created_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    brand: row.brand,
    last4: row.last4,
    expMonth: row.exp_month,
    expYear: row.exp_year,
    cardholderName: row.cardholder_name,
    ownerName: row.display_name,
    ownedByMe: row.owner_user_id === actor.userId,
    expired: isExpired({ expMonth: row.exp_month, expYear: row.exp_year }, now),
    subscriptionCount: Number(row.subscriptionCount ?? 0),
  }));
}
