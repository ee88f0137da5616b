import { sql } from 'kysely';
import type { Actor } from '../auth/actor.js';
import { productNameIn } from '../catalogue/product-name-sql.js';
import { type CardSummary, cardSummaryOf } from '../contract/objects.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';

/** A card the entry names: brand and last four digits, as every object names a card. */
export type AuditCard = CardSummary;

export interface AuditEntryView {
  id: string;
  at: Date;
  actorUserId: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string;
  /** What the entry is about, as a reader knows it: a product's name, a person's, or a card. */
  target: { name: string | null; card: AuditCard | null };
  details: Record<string, unknown>;
  /** The cards the details name by id (a change of a subscription's card, from one to another). */
  cards: Record<string, AuditCard>;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditFilter {
  /** Entries before this one (its id), for the next page. */
  before?: string | undefined;
  /** Days, inclusive, in UTC. */
  from?: string | undefined;
  to?: string | undefined;
  action?: string | undefined;
  actorUserId?: string | undefined;
}

/**
 * Newest first; the system's own actions (renewals, dunning) have no actor. Everything an admin
 * needs to read comes named: products in the reader's language, people, cards by brand and last
 * four digits; the ids stay beside them for those who need them.
 */
export async function listAuditLog(
  options: { db: Db; actor: Actor; limit: number } & AuditFilter,
): Promise<AuditEntryView[]> {
  const { db, actor } = options;
  if (!can(actor.role, 'audit.read')) throw new AppError('permission_denied');
  const locale = actor.savedLocale ?? actor.organizationLocale;
  const rows = await db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .leftJoin('subscriptions as target_subscription', (join) =>
      join
        .onRef('target_subscription.id', '=', 'audit_log.target_id')
        .on('audit_log.target_type', '=', 'subscription'),
    )
    .leftJoin('products', 'products.id', 'target_subscription.product_id')
    .leftJoin('payment_methods as target_card', (join) =>
      join
        .onRef('target_card.id', '=', 'audit_log.target_id')
        .on('audit_log.target_type', '=', 'payment_method'),
    )
    .leftJoin('payments as target_payment', (join) =>
      join.onRef('target_payment.id', '=', 'audit_log.target_id').on('audit_log.target_type', '=', 'payment'),
    )
    .leftJoin('users as target_user', (join) =>
      join.onRef('target_user.id', '=', 'audit_log.target_id').on('audit_log.target_type', '=', 'user'),
    )
    .select([
      'audit_log.id',
      'audit_log.created_at',
      'audit_log.actor_user_id',
      'users.display_name',
      'audit_log.action',
      'audit_log.target_type',
      'audit_log.target_id',
      'audit_log.details',
      'audit_log.ip',
      'audit_log.user_agent',
      'target_user.display_name as target_user_name',
      sql<string | null>`coalesce(target_card.brand, target_payment.card_brand)`.as('card_brand'),
      sql<string | null>`coalesce(target_card.last4, target_payment.card_last4)`.as('card_last4'),
    ])
    .select(
      sql<string | null>`case when products.id is not null then ${productNameIn(locale)} end`.as(
        'product_name',
      ),
    )
    .where('audit_log.organization_id', '=', actor.organizationId)
    .$if(Boolean(options.before), (q) => q.where('audit_log.id', '<', options.before as string))
    .$if(Boolean(options.from), (q) =>
      q.where('audit_log.created_at', '>=', new Date(`${options.from}T00:00:00Z`)),
    )
    .$if(Boolean(options.to), (q) =>
      q.where(
        'audit_log.created_at',
        '<',
        new Date(new Date(`${options.to}T00:00:00Z`).getTime() + 86_400_000),
      ),
    )
    .$if(Boolean(options.action), (q) => q.where('audit_log.action', '=', options.action as string))
    .$if(Boolean(options.actorUserId), (q) =>
      q.where('audit_log.actor_user_id', '=', options.actorUserId as string),
    )
    .orderBy('audit_log.id', 'desc')
    .limit(options.limit)
    .execute();
  const cards = await cardsNamedInDetails(db, actor.organizationId, rows);
  return rows.map((row) => ({
    id: String(row.id),
    at: row.created_at,
    actorUserId: row.actor_user_id,
    actorName: row.display_name,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    target: {
      name: row.product_name ?? row.target_user_name ?? null,
      card: cardSummaryOf(row.card_brand, row.card_last4),
    },
    details: row.details,
    cards: Object.fromEntries(
      [row.details.from, row.details.to]
        .filter((id): id is string => typeof id === 'string' && cards.has(id))
        .map((id) => [id, cards.get(id) as AuditCard]),
    ),
    ip: row.ip,
    userAgent: row.user_agent,
  }));
}

/** The organization's cards that entries' details name by id (from / to). */
async function cardsNamedInDetails(
  db: Db,
  organizationId: string,
  rows: { details: Record<string, unknown> }[],
): Promise<Map<string, AuditCard>> {
  const ids = [
    ...new Set(
      rows.flatMap((row) => [row.details.from, row.details.to]).filter((id) => typeof id === 'string'),
    ),
  ] as string[];
  if (ids.length === 0) return new Map();
  const found = await db
    .selectFrom('payment_methods')
    .select(['id', 'brand', 'last4'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', ids)
    .execute();
  return new Map(found.map((card) => [card.id, { brand: card.brand, last4: card.last4 }]));
}
