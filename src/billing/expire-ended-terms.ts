import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

/**
 * A subscription whose term has ended with recurring billing off (canceled at the end of the term)
 * does not renew: it moves to Expired, audited as a status change by the system.
 */
export async function expireEndedTerms(options: { db: Db; today: string }): Promise<number> {
  const result = await sql<{ id: string }>`
    with ended as (
      update subscriptions set status = 'expired'
      where status = 'active' and not recurring_billing and current_period_end <= ${options.today}::date
      returning id, organization_id
    )
    insert into audit_log (organization_id, actor_user_id, action, target_type, target_id, details)
    select organization_id, null, 'subscription.status_changed', 'subscription', id,
      '{"from":"active","to":"expired","reason":"term_ended"}'::jsonb
    from ended
    returning target_id as id`.execute(options.db);
  return result.rows.length;
}
