import { sql } from 'kysely';
import type { Actor } from '../auth/actor.js';
import { productNameIn } from '../catalogue/product-name-sql.js';
import { cardSummaryOf } from '../contract/objects.js';
import type { Db } from '../db/connect.js';
import { createdAtKey } from '../db/newest-first-page.js';
import {
  type BillingFrequency,
  inFlightPaymentStatuses,
  type Locale,
  type SubscriptionStatus,
} from '../db/schema.js';
import { decodeCursor, encodeCursor } from '../domain/cursor.js';
import { AppError } from '../domain/errors.js';
import type { CurrencyCode } from '../domain/money.js';
import { can } from '../domain/permissions.js';
import { outstandingBySubscription } from '../ledger/outstanding-balance.js';

export interface SubscriptionSummary {
  id: string;
  productName: string;
  licenses: number;
  billingFrequency: BillingFrequency;
  status: SubscriptionStatus;
  recurringBilling: boolean;
  nextBillingDate: string;
  currency: CurrencyCode;
  periodAmountMinor: bigint;
  amountDueMinor: bigint;
  /** The earliest due date of its open invoices (null: nothing owed). */
  amountDueOn: string | null;
  /** Past due (an invoice past its due date, or a failed automatic charge) since then; see billing/past-due.ts. */
  pastDueSince: Date | null;
  paymentInProgress: boolean;
  card: { brand: string; last4: string } | null;
}

/** One page, in a stable order, with balances from the ledger in one grouped query (no N+1). */
export async function listSubscriptions(options: {
  db: Db;
  actor: Actor;
  limit: number;
  after?: string | undefined;
  /** Narrows to one subscription, so the details page shows exactly the list's row. */
  subscriptionId?: string;
  /** The reader's language, for product names (the user's choice, else the organization's). */
  locale?: Locale | undefined;
  /** Only subscriptions whose product's name (in either language) contains this, in any case. */
  search?: string | undefined;
}): Promise<{ items: SubscriptionSummary[]; nextCursor: string | null }> {
  const { db, actor } = options;
  if (!can(actor.role, 'billing.read')) throw new AppError('permission_denied');
  const organization = await db
    .selectFrom('organizations')
    .select('currency')
    .where('id', '=', actor.organizationId)
    .executeTakeFirstOrThrow();
  let query = db
    .selectFrom('subscriptions')
    .innerJoin('products', 'products.id', 'subscriptions.product_id')
    .innerJoin('prices', 'prices.id', 'subscriptions.price_id')
    .leftJoin('payment_methods', 'payment_methods.id', 'subscriptions.payment_method_id')
    .select([
      'subscriptions.id',
      productNameIn(options.locale ?? actor.savedLocale ?? actor.organizationLocale).as('productName'),
      'subscriptions.licenses',
      'subscriptions.billing_frequency',
      'subscriptions.status',
      'subscriptions.recurring_billing',
      'subscriptions.current_period_end',
      'subscriptions.past_due_since',
      sql<string | null>`(select min(i.due_on) from invoices i where i.subscription_id = subscriptions.id
        and i.status = 'open')`.as('amountDueOn'),
      createdAtKey('subscriptions.created_at').as('page_key'),
      'prices.unit_amount_minor',
      'payment_methods.brand',
      'payment_methods.last4',
      // In flight, except the reader's own unfinished bank page, which their next Save cancels.
      sql<boolean>`exists (select 1 from payments p where p.subscription_id = subscriptions.id
        and p.status in (${sql.join(inFlightPaymentStatuses)})
        and not (p.status = 'requires_action' and p.created_by_user_id = ${actor.userId}))`.as(
        'paymentInProgress',
      ),
    ])
    .where('subscriptions.organization_id', '=', actor.organizationId)
    .where('subscriptions.status', '!=', 'deleted')
    .orderBy('subscriptions.created_at')
    .orderBy('subscriptions.id')
    .limit(options.limit + 1);
  if (options.after) {
    const [createdAt, id] = decodeCursor(options.after);
    query = query.where(
      sql<boolean>`(subscriptions.created_at, subscriptions.id) > (${createdAt}::timestamptz, ${id})`,
    );
  }
  if (options.subscriptionId) query = query.where('subscriptions.id', '=', options.subscriptionId);
  const search = options.search?.trim();
  if (search) {
    // The whole organization is searched, not the page the browser holds; % and _ are the text's own.
    const pattern = `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('products.name', 'ilike', pattern), eb('products.name_zh_tw', 'ilike', pattern)]),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  const balances = await outstandingBySubscription({
    db,
    organizationId: actor.organizationId,
    subscriptionIds: page.map((row) => row.id),
  });
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      productName: row.productName,
      licenses: row.licenses,
      billingFrequency: row.billing_frequency,
      status: row.status,
      recurringBilling: row.recurring_billing,
      nextBillingDate: row.current_period_end,
      currency: organization.currency,
      periodAmountMinor: (row.unit_amount_minor ?? 0n) * BigInt(row.licenses),
      amountDueMinor: balances.get(row.id) ?? 0n,
      amountDueOn: row.amountDueOn,
      pastDueSince: row.past_due_since,
      paymentInProgress: Boolean(row.paymentInProgress),
      card: cardSummaryOf(row.brand, row.last4),
    })),
    nextCursor: rows.length > options.limit && last ? encodeCursor(last.page_key, last.id) : null,
  };
}
