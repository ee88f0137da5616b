// Named places on the money path where a test can make this process die, as a crash or an OOM kill
// would: SETTLE_FAULT_POINT=after_pending:kill. Unset (always, outside the fault-injection tests),
// a fault point costs one comparison. The processor's own faults (timeouts, 5xx, late answers) are
// the sandbox's (SETTLE_SANDBOX_FAULT).

export type FaultPointName = 'before_pending' | 'after_pending' | 'after_charge' | 'during_reconcile';

const configured = process.env.SETTLE_FAULT_POINT?.split(':')[0];

export function faultPoint(name: FaultPointName): void {
  if (configured !== name) return;
  // SIGKILL: no handler runs, no buffer is flushed, exactly like kill -9 from outside.
  process.kill(process.pid, 'SIGKILL');
}
