// What happens to a subscription whose payment failed, as a function of the days since it became
// past due. Pure: the job that applies it brings the clock, so tests can travel in time.

export type LifecycleStatus = 'active' | 'expired' | 'disabled' | 'deleted';

export interface DunningPolicy {
  /** Days after the first failure on which the card is tried again. */
  retryDays: number[];
  /** Past due this many days: Expired → Disabled (admins only, no license assignment). */
  disabledAfterDays: number;
  /** Past due this many days: Disabled → Deleted; nothing happens after that. Null: it stays Disabled until paid or canceled. */
  deletedAfterDays: number | null;
}

/** Why a policy cannot be applied (null: it can). Retry days ascend, fall before deletion, and stay within two years. */
export function dunningPolicyProblem(policy: DunningPolicy): string | null {
  const { retryDays, disabledAfterDays, deletedAfterDays } = policy;
  if (retryDays.length > 12) return 'too_many_retries';
  if (
    retryDays.some((day, i) => !Number.isInteger(day) || day < 1 || (i > 0 && day <= (retryDays[i - 1] ?? 0)))
  )
    return 'retry_days_not_ascending';
  if (!Number.isInteger(disabledAfterDays) || disabledAfterDays < 1 || disabledAfterDays > 365)
    return 'disabled_after_days_out_of_range';
  if (deletedAfterDays !== null && (deletedAfterDays <= disabledAfterDays || deletedAfterDays > 730))
    return 'deleted_after_days_out_of_range';
  const last = retryDays.at(-1);
  if (last !== undefined && last >= (deletedAfterDays ?? 731)) return 'retry_after_deletion';
  return null;
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
  if (policy.deletedAfterDays !== null && days >= policy.deletedAfterDays) return 'deleted';
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

/** A card works through the last day of its expiry month. */
export function cardDaysLeft(expMonth: number, expYear: number, today: string): number {
  const lastDay = Date.UTC(expYear, expMonth, 0);
  return Math.round((lastDay - Date.parse(`${today}T00:00:00Z`)) / dayMs);
}

/**
 * The reminder due today for a card expiring then, if any: 30 days before its last day, then 7. A
 * reminder whose day was missed is replaced by the next, never sent late beside it.
 */
export function cardExpiryReminder(expMonth: number, expYear: number, today: string): 30 | 7 | null {
  const daysLeft = cardDaysLeft(expMonth, expYear, today);
  if (daysLeft < 0) return null;
  if (daysLeft <= 7) return 7;
  if (daysLeft <= 30) return 30;
  return null;
}
