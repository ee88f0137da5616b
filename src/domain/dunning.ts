// What happens to a subscription whose payment failed, as a function of the days since it became
// past due. Pure: the job that applies it brings the clock, so tests can travel in time.

export type LifecycleStatus = 'active' | 'expired' | 'disabled' | 'deleted';

export interface DunningPolicy {
  /** Days after the first failure on which the card is tried again. */
  retryDays: readonly number[];
  /** Past due this many days: Expired → Disabled (admins only, no license assignment). */
  disabledAfterDays: number;
  /** Past due this many days: Disabled → Deleted; nothing happens after that. */
  deletedAfterDays: number;
}

/** Retries on days 3, 5, 7, then every 7 days through day 30; Disabled on day 30, Deleted 90 days later. */
export const defaultDunningPolicy: DunningPolicy = {
  retryDays: [3, 5, 7, 14, 21, 28],
  disabledAfterDays: 30,
  deletedAfterDays: 120,
};

const dayMs = 86_400_000;

export function daysPastDue(pastDueSince: Date, now: Date): number {
  return Math.floor((now.getTime() - pastDueSince.getTime()) / dayMs);
}

/** The status a subscription past due since `pastDueSince` should have at `now`. */
export function dunningStatus(
  pastDueSince: Date,
  now: Date,
  policy: DunningPolicy = defaultDunningPolicy,
): LifecycleStatus {
  const days = daysPastDue(pastDueSince, now);
  if (days >= policy.deletedAfterDays) return 'deleted';
  if (days >= policy.disabledAfterDays) return 'disabled';
  return 'expired';
}

/**
 * The retry that is due now, if any: the latest scheduled retry day that has come and that no
 * attempt has covered yet. Missed days (the job was down) collapse into one retry, not a burst.
 */
export function dueRetry(
  pastDueSince: Date,
  lastAttemptAt: Date | null,
  now: Date,
  policy: DunningPolicy = defaultDunningPolicy,
): Date | null {
  if (dunningStatus(pastDueSince, now, policy) === 'deleted') return null;
  const due = policy.retryDays
    .map((day) => new Date(pastDueSince.getTime() + day * dayMs))
    .filter((at) => at <= now && (lastAttemptAt === null || at > lastAttemptAt));
  return due.at(-1) ?? null;
}
