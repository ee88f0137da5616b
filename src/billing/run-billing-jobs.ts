import type { Db } from '../db/connect.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { remindExpiringCards } from '../notifications/remind-expiring-cards.js';
import { type BillingRunReport, runBilling } from './run-billing.js';
import { type DunningReport, runDunning } from './run-dunning.js';

/**
 * The scheduled work, in order: renew what is due, move past-due subscriptions along, then remind the
 * admins of cards about to expire.
 */
export async function runBillingJobs(options: {
  db: Db;
  gateway: PaymentGateway;
  now?: Date;
  onProgress?: (report: BillingRunReport) => void;
}): Promise<{ billing: BillingRunReport; dunning: DunningReport; cardReminders: number }> {
  const billing = await runBilling(options);
  const dunning = await runDunning(options);
  const cardReminders = await remindExpiringCards(options);
  return { billing, dunning, cardReminders };
}
