import type { Kysely } from 'kysely';
import type { SubscriptionObject } from '../contract/objects.js';
import type { Database } from '../db/schema.js';
import { readSubscriptionObjects } from '../resources/subscription-objects.js';
import { type EventInput, recordEvents } from './record-events.js';

/**
 * Runs a change to these subscriptions inside the caller's transaction and writes what it did as
 * events, from the subscriptions' objects before and after: status_changed when the status moved,
 * updated (with the previous values of what changed) when anything did. The caller cannot describe
 * the change wrongly: the events are read off the rows.
 */
export async function withSubscriptionEvents<T>(
  tx: Kysely<Database>,
  subscriptionIds: readonly string[],
  change: () => Promise<T>,
): Promise<T> {
  const before = await readSubscriptionObjects(tx, subscriptionIds);
  const result = await change();
  const after = await readSubscriptionObjects(tx, subscriptionIds);
  const events: EventInput[] = [];
  for (const id of [...subscriptionIds].sort()) {
    const now = after.get(id);
    if (!now) continue;
    const was = before.get(id);
    if (!was)
      events.push({
        type: 'subscription.created',
        organizationId: now.organizationId,
        data: { object: now },
      });
    else events.push(...changeEvents(was, now));
  }
  await recordEvents(tx, events);
  return result;
}

function changeEvents(was: SubscriptionObject, now: SubscriptionObject): EventInput[] {
  const previousAttributes = Object.fromEntries(
    Object.entries(was).filter(([key, value]) => !sameValue(value, now[key as keyof SubscriptionObject])),
  ) as Partial<SubscriptionObject>;
  if (Object.keys(previousAttributes).length === 0) return [];
  const events: EventInput[] = [];
  if (was.status !== now.status)
    events.push({
      type: 'subscription.status_changed',
      organizationId: now.organizationId,
      data: { object: now, previousStatus: was.status, status: now.status },
    });
  events.push({
    type: 'subscription.updated',
    organizationId: now.organizationId,
    data: { object: now, previousAttributes },
  });
  return events;
}

/** Equal as a resource's field: dates by their instant. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}
