import { describe, expect, it } from 'vitest';
import { type DunningPolicy, dueRetry, dunningStatus } from './dunning.js';

const since = new Date('2026-01-01T09:00:00Z');
const day = (n: number, hours = 0) => new Date(since.getTime() + n * 86_400_000 + hours * 3_600_000);

describe('dunningStatus with the default policy', () => {
  it.each([
    [0, 'expired'],
    [10, 'expired'],
    [29, 'expired'],
    [30, 'disabled'],
    [45, 'disabled'],
    [119, 'disabled'],
    [120, 'deleted'],
    [400, 'deleted'],
  ])('day %i → %s', (n, status) => {
    expect(dunningStatus(since, day(n))).toBe(status);
  });

  it('counts whole days: one hour short of day 30 is still Expired', () => {
    expect(dunningStatus(since, day(30, -1))).toBe('expired');
  });
});

describe('dueRetry with the default policy (days 3, 5, 7, 14, 21, 28)', () => {
  it.each([
    { now: 2, last: null, expected: null },
    { now: 3, last: null, expected: 3 },
    { now: 3, last: 3, expected: null },
    { now: 4, last: 3, expected: null },
    { now: 5, last: 3, expected: 5 },
    // The job was down from day 4 to day 9: one retry for the latest missed day, not three.
    { now: 9, last: 3, expected: 7 },
    { now: 29, last: 21, expected: 28 },
    { now: 45, last: 28, expected: null },
    { now: 130, last: null, expected: null },
  ])('on day $now after a try on day $last → $expected', ({ now, last, expected }) => {
    const result = dueRetry(since, last === null ? null : day(last), day(now));
    expect(result).toEqual(expected === null ? null : day(expected));
  });

  it('follows a provider’s own policy', () => {
    const policy: DunningPolicy = { retryDays: [1, 2], disabledAfterDays: 10, deletedAfterDays: 20 };
    expect(dueRetry(since, null, day(1), policy)).toEqual(day(1));
    expect(dunningStatus(since, day(10), policy)).toBe('disabled');
    expect(dunningStatus(since, day(20), policy)).toBe('deleted');
  });
});
