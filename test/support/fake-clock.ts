import { vi } from 'vitest';

// SETTLE_FAKE_NOW=2027-01-31T23:30:00Z runs a test file as if it were that moment: only Date is
// faked, and it keeps ticking, so timers, sockets and the databases behave as usual. CI runs the
// money tests at 00:30 and 23:30 UTC and across a month end with it, so no test depends on the hour.
const fakeNow = process.env.SETTLE_FAKE_NOW;
if (fakeNow) {
  const at = Date.parse(fakeNow);
  if (Number.isNaN(at)) throw new Error(`SETTLE_FAKE_NOW is not a date: ${fakeNow}`);
  vi.useFakeTimers({ toFake: ['Date'], now: at, shouldAdvanceTime: true });
}
