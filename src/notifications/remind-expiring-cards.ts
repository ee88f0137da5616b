import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { cardExpiryReminder } from '../domain/dunning.js';
import { notifyBillingAdmins } from './notify-billing-admins.js';

/**
 * Tells the billing admins, in their language, 30 and then 7 days before a card a renewing subscription
 * pays with expires, so they change its expiry or add another card before a renewal is declined. Each
 * reminder is recorded with its notices in one transaction, keyed by card, expiry and days: run by any
 * number of processes, or again after a crash, it is sent once. Answers how many reminders were sent.
 */
export async function remindExpiringCards(options: { db: Db; now?: Date }): Promise<number> {
  const { db } = options;
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const horizon = new Date(now.getTime() + 31 * 86_400_000);
  const monthKey = (date: Date) => date.getUTCFullYear() * 12 + date.getUTCMonth();
  const cards = await db
    .selectFrom('payment_methods')
    .innerJoin('subscriptions', 'subscriptions.payment_method_id', 'payment_methods.id')
    .innerJoin('organizations', 'organizations.id', 'subscriptions.organization_id')
    .select([
      'payment_methods.id',
      'payment_methods.organization_id',
      'payment_methods.brand',
      'payment_methods.last4',
      'payment_methods.exp_month',
      'payment_methods.exp_year',
      sql<string>`min(subscriptions.id)`.as('subscription_id'),
    ])
    .where('payment_methods.removed_at', 'is', null)
    .where('subscriptions.status', '!=', 'deleted')
    .where('subscriptions.recurring_billing', '=', true)
    .where('organizations.collection_method', '=', 'charge_automatically')
    // Cards whose last month is this one or the next: the others are not due a reminder.
    .where(sql<number>`payment_methods.exp_year * 12 + payment_methods.exp_month - 1`, '>=', monthKey(now))
    .where(
      sql<number>`payment_methods.exp_year * 12 + payment_methods.exp_month - 1`,
      '<=',
      monthKey(horizon),
    )
    .groupBy('payment_methods.id')
    .execute();
  let sent = 0;
  for (const card of cards) {
    const daysBefore = cardExpiryReminder(card.exp_month, card.exp_year, today);
    if (daysBefore === null) continue;
    const told = await db.transaction().execute(async (tx) => {
      const recorded = await tx
        .insertInto('card_expiry_reminders')
        .values({
          payment_method_id: card.id,
          exp_month: card.exp_month,
          exp_year: card.exp_year,
          days_before: daysBefore,
          sent_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('payment_method_id')
        .executeTakeFirst();
      if (!recorded) return false;
      await notifyBillingAdmins({
        tx,
        organizationId: card.organization_id,
        subscriptionId: card.subscription_id,
        kind: 'card_expiring',
        card: { brand: card.brand, last4: card.last4, expMonth: card.exp_month, expYear: card.exp_year },
      });
      return true;
    });
    if (told) sent++;
  }
  return sent;
}
