import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import type { Payment } from '../db/schema.js';
import { isExpired } from '../domain/card.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';
import type { CardDetails, DeclineCode, PaymentGateway } from '../gateway/payment-gateway.js';
import { chargeBalance } from './charge-balance.js';
import { type CardExpiry, updateCardExpiry } from './update-card-expiry.js';

export type SettleCard =
  | { kind: 'existing'; paymentMethodId: string; newExpiry?: CardExpiry | undefined }
  | { kind: 'new'; token: string };

const declineCodes: readonly string[] = [
  'card_declined',
  'insufficient_funds',
  'expired_card',
  'processing_error',
];

/**
 * An admin settles a subscription's whole outstanding balance with the card they chose: the role and
 * the card-owner rule are checked here, the charge itself is chargeBalance's, and a decline comes
 * back as a refusal carrying the processor's reason.
 */
export async function settleBalance(options: {
  db: Db;
  gateway: PaymentGateway;
  actor: Actor;
  subscriptionId: string;
  card: SettleCard;
  /** The amount the admin was shown: a balance that moved since is refused, not charged. */
  expectedAmountMinor: bigint;
  now?: Date;
}): Promise<Payment> {
  const { db, actor } = options;
  const now = options.now ?? new Date();
  if (!can(actor.role, 'billing.manage')) throw new AppError('permission_denied');

  const subscription = await db
    .selectFrom('subscriptions')
    .select(['id', 'status'])
    .where('id', '=', options.subscriptionId)
    .where('organization_id', '=', actor.organizationId)
    .executeTakeFirst();
  if (!subscription) throw new AppError('subscription_not_found');
  if (subscription.status === 'deleted') throw new AppError('subscription_deleted');

  const card = await resolveCard({ ...options, now });
  // A card known to be expired would only be declined: say so before anything is charged or recorded.
  if (isExpired(card.details, now)) {
    throw new AppError(card.ownedByActor ? 'card_expired' : 'card_expired_not_owner', {
      paymentMethodId: card.paymentMethodId,
    });
  }

  const recorded = await chargeBalance({
    db,
    gateway: options.gateway,
    organizationId: actor.organizationId,
    subscriptionId: subscription.id,
    card: { paymentMethodId: card.paymentMethodId, details: card.details },
    createdByUserId: actor.userId,
    expectedAmountMinor: options.expectedAmountMinor,
    now,
  });
  if (recorded.status === 'failed') {
    if (recorded.failure_code === 'not_charged')
      throw new AppError('payment_not_charged', { paymentId: recorded.id });
    const code = declineCodes.includes(recorded.failure_code ?? '')
      ? (recorded.failure_code as DeclineCode)
      : 'card_declined';
    throw new AppError(code, { paymentId: recorded.id });
  }
  return recorded;
}

async function resolveCard(options: {
  db: Db;
  gateway: PaymentGateway;
  actor: Actor;
  card: SettleCard;
  now: Date;
}): Promise<{ paymentMethodId: string | null; details: CardDetails; ownedByActor: boolean }> {
  const { db, actor, card } = options;
  if (card.kind === 'existing') {
    let method = await db
      .selectFrom('payment_methods')
      .selectAll()
      .where('id', '=', card.paymentMethodId)
      .where('organization_id', '=', actor.organizationId)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    if (!method) throw new AppError('payment_method_not_found');
    if (card.newExpiry) {
      method = await updateCardExpiry({ ...options, paymentMethodId: method.id, expiry: card.newExpiry });
    }
    return {
      paymentMethodId: method.id,
      ownedByActor: method.owner_user_id === actor.userId,
      details: {
        token: method.gateway_token,
        brand: method.brand,
        last4: method.last4,
        expMonth: method.exp_month,
        expYear: method.exp_year,
        cardholderName: method.cardholder_name,
      },
    };
  }
  const saved = await db
    .selectFrom('payment_methods')
    .select(['id', 'organization_id', 'removed_at'])
    .where('gateway_token', '=', card.token)
    .executeTakeFirst();
  // A token is one organization's: another tenant's token is as good as none, and so is a deleted
  // card's (charging it would make an invisible card the subscription's).
  if (saved && (saved.organization_id !== actor.organizationId || saved.removed_at))
    throw new AppError('card_token_invalid');
  const details = await options.gateway.getCard(card.token);
  if (!details) throw new AppError('card_token_invalid');
  return { paymentMethodId: saved?.id ?? null, details, ownedByActor: true };
}
