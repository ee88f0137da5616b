import { AsyncLocalStorage } from 'node:async_hooks';

/** Where a change came from: the client's address and browser, kept with each audit entry. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

const origins = new AsyncLocalStorage<RequestOrigin>();

/**
 * Runs a request's work with its origin known to recordAudit, without every use case passing it on.
 * The HTTP layer calls this once per request; jobs run outside it and are recorded without one.
 */
export function withRequestOrigin(origin: RequestOrigin, work: () => void): void {
  origins.run(origin, work);
}

export function currentRequestOrigin(): RequestOrigin | undefined {
  return origins.getStore();
}
