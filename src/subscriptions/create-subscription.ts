import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { ApiKeyCaller } from '../api-keys/api-key-caller.js';
import { recordAudit } from '../audit/record-audit.js';
import { chargeSubscriptionCard } from '../billing/charge-subscription-card.js';
import { issuePeriodInvoice } from '../billing/issue-period-invoice.js';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { anchorDayOf, periodEndAfter } from '../domain/periods.js';
import { withSubscriptionEvents } from '../events/subscription-events.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { bindResourceToKey, type IdempotencyClaim, resourceOfKey } from '../idempotency/idempotency-claim.js';

/**
 * The provider sells a subscription: a price of the catalogue (in the organization's currency), a
 * number of licenses and a start date. The first period's invoice is issued at once, in the same
 * transaction; then, outside it, the organization's card on file is charged through the same guarded
 * path as renewals (charge_automatically), or the invoice waits to be paid from Bills & payments
 * within the organization's days (send_invoice), as it does when no card is on file yet.
 */
export async function createSubscription(options: {
  db: Db;
  gateway: PaymentGateway;
  caller: ApiKeyCaller;
  organizationId: string;
  priceId: string;
  licenses: number;
  startOn?: string | undefined;
  /** The request's Idempotency-Key: the subscription is bound to it in the transaction that creates it. */
  idempotency?: IdempotencyClaim | null;
  now?: Date;
}): Promise<{ subscriptionId: string }> {
  const { db } = options;
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const startOn = options.startOn ?? today;
  if (startOn < today) throw new AppError('validation_failed', { field: 'startOn', reason: 'in_the_past' });
  const created = await db.transaction().execute(async (tx) => {
    const organization = await tx
      .selectFrom('organizations')
      .select(['id', 'currency', 'tax_rate_bp', 'collection_method', 'days_until_due', 'archived_at'])
      .where('id', '=', options.organizationId)
      .executeTakeFirst();
    if (!organization) throw new AppError('not_found');
    // A retry of a sale that was saved (then crashed, or failed to answer) answers with that sale.
    const sold = await resourceOfKey(tx, options.idempotency, 'subscription');
    if (sold) return { subscriptionId: sold, charge: await chargesAutomatically(tx, sold) };
    if (organization.archived_at) throw new AppError('organization_archived');
    const price = await tx
      .selectFrom('prices')
      .innerJoin('products', 'products.id', 'prices.product_id')
      .select([
        'prices.id',
        'prices.product_id',
        'prices.currency',
        'prices.billing_frequency',
        'prices.unit_amount_minor',
      ])
      .where('prices.id', '=', options.priceId)
      .where('prices.archived_at', 'is', null)
      .where('products.archived_at', 'is', null)
      .executeTakeFirst();
    if (!price) throw new AppError('validation_failed', { field: 'priceId', reason: 'not_for_sale' });
    if (price.currency !== organization.currency)
      throw new AppError('validation_failed', { field: 'priceId', reason: 'currency_differs' });
    // The card the organization pays with: the newest one on file that has not expired.
    const card = await tx
      .selectFrom('payment_methods')
      .select('id')
      .where('organization_id', '=', organization.id)
      .where('removed_at', 'is', null)
      .where(sql<boolean>`(exp_year, exp_month) >= (${now.getUTCFullYear()}, ${now.getUTCMonth() + 1})`)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    const periodEnd = periodEndAfter(startOn, price.billing_frequency);
    const subscriptionId = randomUUID();
    await withSubscriptionEvents(tx, [subscriptionId], () =>
      tx
        .insertInto('subscriptions')
        .values({
          id: subscriptionId,
          organization_id: organization.id,
          product_id: price.product_id,
          price_id: price.id,
          licenses: options.licenses,
          billing_frequency: price.billing_frequency,
          status: 'active',
          recurring_billing: true,
          current_period_start: startOn,
          current_period_end: periodEnd,
          billing_anchor_day: anchorDayOf(startOn),
          payment_method_id: card?.id ?? null,
          past_due_since: null,
        })
        .execute(),
    );
    const invoiceId = await issuePeriodInvoice(tx, {
      organization,
      subscriptionId,
      licenses: options.licenses,
      unitAmountMinor: price.unit_amount_minor,
      periodStart: startOn,
      periodEnd,
      now,
    });
    await recordAudit({
      tx,
      organizationId: organization.id,
      actorUserId: null,
      action: 'subscription.created',
      targetType: 'subscription',
      targetId: subscriptionId,
      details: { by: 'provider', apiKey: options.caller.name, licenses: options.licenses, invoiceId },
    });
    await bindResourceToKey(tx, options.idempotency, { type: 'subscription', id: subscriptionId });
    const charge = Boolean(organization.collection_method === 'charge_automatically' && card && invoiceId);
    return { subscriptionId, charge };
  });
  // The processor is called after the commit, never inside it; a decline makes the subscription past
  // due (dunning takes it from there), an unknown outcome waits for reconciliation.
  if (created.charge)
    await chargeSubscriptionCard({
      db,
      gateway: options.gateway,
      subscriptionId: created.subscriptionId,
      now,
    });
  return { subscriptionId: created.subscriptionId };
}

/** Whether a sale's first invoice is charged to the card on file: the charge is guarded, so asking twice is safe. */
async function chargesAutomatically(tx: Transaction<Database>, subscriptionId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('subscriptions')
    .innerJoin('organizations', 'organizations.id', 'subscriptions.organization_id')
    .select(['organizations.collection_method', 'subscriptions.payment_method_id'])
    .where('subscriptions.id', '=', subscriptionId)
    .executeTakeFirstOrThrow();
  return row.collection_method === 'charge_automatically' && row.payment_method_id !== null;
}
