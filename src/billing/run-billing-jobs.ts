import type { Db } from '../db/connect.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { type BillingRunReport, runBilling } from './run-billing.js';
import { type DunningReport, runDunning } from './run-dunning.js';

/** The scheduled work, in order: renew what is due, then move past-due subscriptions along. */
export async function runBillingJobs(options: {
  db: Db;
  gateway: PaymentGateway;
  now?: Date;
  onProgress?: (report: BillingRunReport) => void;
}): Promise<{ billing: BillingRunReport; dunning: DunningReport }> {
  const billing = await runBilling(options);
  const dunning = await runDunning(options);
  return { billing, dunning };
}
