// `node --import ./test/support/clock-ahead.ts`: the process lives SETTLE_CLOCK_AHEAD_MS ahead of the
// real clock (only Date is shifted; timers, sockets and the database behave as usual). Browser tests
// use it to let a month pass for a renewal: the billing command and the server after it run later.
const aheadMs = Number(process.env.SETTLE_CLOCK_AHEAD_MS ?? 0);
if (aheadMs) {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args: ConstructorParameters<typeof Date> | []) {
      if (args.length === 0) super(RealDate.now() + aheadMs);
      else super(...(args as ConstructorParameters<typeof Date>));
    }
    static override now(): number {
      return RealDate.now() + aheadMs;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}
