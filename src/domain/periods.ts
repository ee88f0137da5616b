// Billing periods: when a period ends, and when its invoice is due. Dates are 'YYYY-MM-DD' (UTC).

export type BillingFrequency = 'monthly' | 'annual';

/** The day of the month of a 'YYYY-MM-DD' date: a new subscription's billing anchor. */
export function anchorDayOf(date: string): number {
  return Number(date.slice(8, 10));
}

/**
 * The end of the period that starts on `periodStart`: one month or one year later, on the anchor day,
 * or on that month's last day when the month is shorter. The anchor, not the start, gives the day,
 * so a subscription started on the 31st renews on Feb 28 and then on Mar 31 again.
 */
export function periodEndAfter(
  periodStart: string,
  frequency: BillingFrequency,
  anchorDay: number = anchorDayOf(periodStart),
): string {
  if (!Number.isInteger(anchorDay) || anchorDay < 1 || anchorDay > 31) throw new RangeError('bad anchor day');
  const [year = 0, month = 1] = periodStart.split('-').map(Number);
  const targetMonth = month - 1 + (frequency === 'annual' ? 12 : 1);
  const lastDay = new Date(Date.UTC(year, targetMonth + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, targetMonth, Math.min(anchorDay, lastDay))).toISOString().slice(0, 10);
}

/** An invoice issued on `issuedOn` is due that day when charged automatically, or after the customer's days. */
export function invoiceDueOn(options: {
  issuedOn: string;
  collectionMethod: 'charge_automatically' | 'send_invoice';
  daysUntilDue: number | null;
}): string {
  const days = options.collectionMethod === 'send_invoice' ? (options.daysUntilDue ?? 30) : 0;
  return new Date(Date.parse(`${options.issuedOn}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
