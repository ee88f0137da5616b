import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { BillingNoticeFacts, Database } from '../db/schema.js';
import type { BillingNotificationKind } from '../i18n/notification-messages.js';
import { enqueueTasks } from '../queue/enqueue-tasks.js';
import { renderNotice } from './notice-facts.js';

/**
 * Queues one message for every Global and Billing admin of the organization, each in their own
 * language, in the caller's transaction: the event and its notice are recorded together or not at all.
 * An admin already told of the same failure is not told again.
 */
export async function notifyBillingAdmins(options: {
  tx: Kysely<Database>;
  organizationId: string;
  subscriptionId: string;
  kind: BillingNotificationKind;
  amountMinor?: bigint;
  failureCode?: string;
  status?: string;
  /** The invoice the notice is about, attached as PDF for admins who asked. */
  invoiceId?: string | null;
  /** The card the notice is about (card_expiring). */
  card?: BillingNoticeFacts['card'];
  /** The e-invoice issued (einvoice_issued). */
  einvoice?: BillingNoticeFacts['einvoice'];
}): Promise<number> {
  const { tx } = options;
  const context = await tx
    .selectFrom('subscriptions')
    .innerJoin('organizations', 'organizations.id', 'subscriptions.organization_id')
    .innerJoin('products', 'products.id', 'subscriptions.product_id')
    .select([
      'organizations.name as organizationName',
      'organizations.locale',
      'organizations.currency',
      'products.name as productName',
      'products.name_zh_tw as productNameZhTw',
    ])
    .where('subscriptions.id', '=', options.subscriptionId)
    .where('subscriptions.organization_id', '=', options.organizationId)
    .executeTakeFirstOrThrow();
  const everyone = await tx
    .selectFrom('users')
    .select(['id', 'locale'])
    .where('organization_id', '=', options.organizationId)
    .where('role', 'in', ['global_admin', 'billing_admin'])
    .where('removed_at', 'is', null)
    .execute();
  const told = await alreadyTold(tx, options);
  const admins = everyone.filter((admin) => !told.has(admin.id));
  if (admins.length === 0) return 0;
  const facts: BillingNoticeFacts = {
    organizationName: context.organizationName,
    productName: context.productName,
    productNameZhTw: context.productNameZhTw,
    amountMinor: options.amountMinor === undefined ? null : String(options.amountMinor),
    currency: context.currency,
    failureCode: options.failureCode ?? null,
    status: options.status ?? null,
    ...(options.card ? { card: options.card } : {}),
    ...(options.einvoice ? { einvoice: options.einvoice } : {}),
  };
  const inserted = await tx
    .insertInto('notifications')
    .values(
      admins.map((admin) => {
        const locale = admin.locale ?? context.locale;
        // The text in today's language of the admin, and the facts to write it in tomorrow's.
        const message = renderNotice(options.kind, facts, locale) ?? { subject: '', body: '' };
        return {
          id: randomUUID(),
          organization_id: options.organizationId,
          recipient_user_id: admin.id,
          kind: options.kind,
          locale,
          subject: message.subject,
          body: message.body,
          subscription_id: options.subscriptionId,
          invoice_id: options.invoiceId ?? null,
          sent_at: null,
          facts: JSON.stringify(facts),
        };
      }),
    )
    .returning('id')
    .execute();
  // Emailed by the queue once this transaction commits (and never if it rolls back).
  await enqueueTasks({ tx, topic: 'email.notification', subjectIds: inserted.map((row) => row.id) });
  return admins.length;
}

/**
 * A retry that fails the way the last attempt did, on the same invoice, tells an admin nothing new:
 * they are not sent the same notice again (the audit log keeps every attempt). A new reason, amount
 * or invoice is news; so are status changes, recoveries and refunds, which are always told.
 */
async function alreadyTold(
  tx: Kysely<Database>,
  options: Parameters<typeof notifyBillingAdmins>[0],
): Promise<Set<string>> {
  if (options.kind !== 'payment_failed' || !options.invoiceId) return new Set();
  // Each admin's last failure notice about this subscription, newest first (a handful per subscription).
  const notices = await tx
    .selectFrom('notifications')
    .select([
      'recipient_user_id',
      'invoice_id',
      sql<string | null>`facts->>'failureCode'`.as('failureCode'),
      sql<string | null>`facts->>'amountMinor'`.as('amountMinor'),
    ])
    .where('organization_id', '=', options.organizationId)
    .where('subscription_id', '=', options.subscriptionId)
    .where('kind', '=', 'payment_failed')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  const told = new Set<string>();
  const seen = new Set<string>();
  for (const notice of notices) {
    if (seen.has(notice.recipient_user_id)) continue;
    seen.add(notice.recipient_user_id);
    const same =
      notice.invoice_id === options.invoiceId &&
      notice.failureCode === (options.failureCode ?? null) &&
      notice.amountMinor === (options.amountMinor === undefined ? null : String(options.amountMinor));
    if (same) told.add(notice.recipient_user_id);
  }
  return told;
}
