import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { withSubscriptionEvents } from '../events/subscription-events.js';

/**
 * A subscription whose term has ended with recurring billing off (canceled at the end of the term)
 * does not renew: it moves to Expired, audited as a status change by the system, with its events.
 */
export async function expireEndedTerms(options: { db: Db; today: string }): Promise<number> {
  return options.db.transaction().execute(async (tx) => {
    const ended = await tx
      .selectFrom('subscriptions')
      .select('id')
      .where('status', '=', 'active')
      .where('recurring_billing', '=', false)
      .where('current_period_end', '<=', sql<string>`${options.today}::date`)
      .forUpdate()
      .skipLocked()
      .execute();
    const ids = ended.map((row) => row.id);
    if (ids.length === 0) return 0;
    await withSubscriptionEvents(tx, ids, () =>
      sql`
        with ended as (
          update subscriptions set status = 'expired', ended_at = now()
          where id = any(${ids}) and status = 'active'
          returning id, organization_id
        )
        insert into audit_log (organization_id, actor_user_id, action, target_type, target_id, details)
        select organization_id, null, 'subscription.status_changed', 'subscription', id,
          '{"from":"active","to":"expired","reason":"term_ended"}'::jsonb
        from ended`.execute(tx),
    );
    return ids.length;
  });
}
