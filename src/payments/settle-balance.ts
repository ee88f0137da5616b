import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import type { Payment } from '../db/schema.js';
import { isExpired } from '../domain/card.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';
import {
  type CardDetails,
  GatewayUnavailableError,
  type NextAction,
  type PaymentGateway,
} from '../gateway/payment-gateway.js';
import { chargeBalance } from './charge-balance.js';
import { paymentRefusal } from './payment-refusal.js';
import { refreshPayment } from './refresh-payment.js';
import { type CardExpiry, updateCardExpiry } from './update-card-expiry.js';

export type SettleCard =
  | { kind: 'existing'; paymentMethodId: string; newExpiry?: CardExpiry | undefined }
  | { kind: 'new'; token: string };

/**
 * An admin settles a subscription's whole outstanding balance with the card they chose: the role and
 * the card-owner rule are checked here, the charge itself is chargeBalance's, and a decline comes
 * back as a refusal carrying the processor's reason. The admin is at the page, so the bank may ask
 * them to confirm: the payment then comes back requires_action with the step their browser takes.
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
}): Promise<Payment & { nextAction?: NextAction }> {
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

  await abandonUnfinishedChallenge({ ...options, now });
  const recorded = await chargeBalance({
    db,
    gateway: options.gateway,
    organizationId: actor.organizationId,
    subscriptionId: subscription.id,
    card: { paymentMethodId: card.paymentMethodId, details: card.details },
    createdByUserId: actor.userId,
    expectedAmountMinor: options.expectedAmountMinor,
    offSession: false,
    now,
  });
  const refusal = paymentRefusal(recorded);
  if (refusal) throw refusal;
  return recorded;
}

/**
 * A challenge an admin left unfinished (they closed the page) would hold the balance until
 * reconciliation cancels it: the same admin's new Save cancels it at the processor first. If it had gone through after all, that is recorded and
 * the balance is settled (chargeBalance then finds nothing to settle). If the processor cannot be
 * reached, the payment stays in flight and chargeBalance says a payment is in progress.
 */
async function abandonUnfinishedChallenge(options: {
  db: Db;
  gateway: PaymentGateway;
  actor: Actor;
  subscriptionId: string;
  now: Date;
}): Promise<void> {
  const waiting = await options.db
    .selectFrom('payments')
    .select('id')
    .where('subscription_id', '=', options.subscriptionId)
    .where('organization_id', '=', options.actor.organizationId)
    .where('status', '=', 'requires_action')
    // Only the admin's own: another admin may be at their bank's page right now, and canceling it
    // under them would fail a confirmation they are giving. Theirs holds the balance (payment_in_progress).
    .where('created_by_user_id', '=', options.actor.userId)
    .executeTakeFirst();
  if (!waiting) return;
  try {
    await refreshPayment({
      ...options,
      paymentId: waiting.id,
      cancelIfWaiting: true,
      actorUserId: options.actor.userId,
    });
  } catch (error) {
    if (!(error instanceof GatewayUnavailableError)) throw error;
  }
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
