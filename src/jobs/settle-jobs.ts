import { setTimeout as sleep } from 'node:timers/promises';
import type { Transporter } from 'nodemailer';
import { runBillingJobs } from '../billing/run-billing-jobs.js';
import type { Db } from '../db/connect.js';
import type { EInvoiceIssuer } from '../einvoice/einvoice-issuer.js';
import { warnAboutEInvoices } from '../einvoice/warn-einvoice-deadlines.js';
import { workEInvoices } from '../einvoice/work-einvoices.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { sendPendingNotifications } from '../notifications/send-pending-notifications.js';
import { sendProviderEmails } from '../notifications/send-provider-emails.js';
import { reconcilePayments } from '../payments/reconcile-payments.js';
import { claimDueDeliveries, type WebhookSettings } from '../webhooks/deliver-due-webhooks.js';
import { expireOldRecords } from './expire-old-records.js';
import type { QueueJob, ScheduledJob } from './start-jobs.js';

/** Deliveries one process has in flight at once: twice an endpoint's cap (perEndpointInFlight), so one endpoint that never answers leaves half the places to the others. */
const webhookPoolSize = 64;
const emailBatch = 50;

/** Settle's background work, as the server runs it (src/main.ts). */
export function settleJobs(options: {
  db: Db;
  gateway: PaymentGateway;
  /** Taiwan's e-invoices: issued, voided and reduced by the queue; null when SETTLE_EINVOICE=none. */
  einvoiceIssuer: EInvoiceIssuer | null;
  mail: { transport: Transporter; from: string } | null;
  webhooks: WebhookSettings;
  /** Renewals and dunning; 0 leaves them to `npm run billing`. */
  billingEveryMs: number;
  /** How often this process looks for payment checks that are due (each has its own schedule). */
  reconcileEveryMs: number;
  /** How long a queue with work in flight waits, at most, before it looks for due work again. */
  pollMs: number;
  /** This process (host:pid), as it signs its claims. */
  holder: string;
  log: (message: string, error?: unknown) => void;
}): (ScheduledJob | QueueJob)[] {
  const { db, gateway, mail, log } = options;
  const jobs: (ScheduledJob | QueueJob)[] = [
    {
      kind: 'queue',
      name: 'payment checks',
      pollMs: options.reconcileEveryMs,
      runBatch: async () =>
        (await reconcilePayments({ db, gateway, log, holder: options.holder, maxBatches: 1 })).more,
    },
    { kind: 'scheduled', name: 'expiry', everyMs: 600_000, run: () => expireOldRecords({ db }) },
    {
      kind: 'queue',
      name: 'webhooks',
      ...webhookPool({ ...options, settings: options.webhooks }),
    },
  ];
  const issuer = options.einvoiceIssuer;
  if (issuer)
    jobs.push({
      kind: 'queue',
      name: 'e-invoices',
      runBatch: async () => (await workEInvoices({ db, issuer, holder: options.holder, log })).more,
    });
  if (issuer)
    jobs.push({
      kind: 'scheduled',
      name: 'e-invoice-warnings',
      everyMs: 600_000,
      run: () => warnAboutEInvoices({ db }),
    });
  if (options.billingEveryMs > 0)
    jobs.push({
      kind: 'scheduled',
      name: 'renewals-and-dunning',
      everyMs: options.billingEveryMs,
      run: () => runBillingJobs({ db, gateway }),
    });
  if (mail)
    jobs.push({
      kind: 'queue',
      name: 'email',
      runBatch: async () => {
        const { holder } = options;
        const notices = await sendPendingNotifications({ db, ...mail, limit: emailBatch, holder, log });
        await sendProviderEmails({ db, ...mail, holder, log });
        return notices.sent + notices.failed === emailBatch;
      },
    });
  return jobs;
}

/**
 * The webhook deliveries of this process as a pool: each poll claims as many as there are free places
 * and sends each on its own, without waiting for the others, so an endpoint that never answers holds
 * only its own places (and delays only its own deliveries) while the others' go on being claimed.
 */
function webhookPool(options: {
  db: Db;
  settings: WebhookSettings;
  holder: string;
  pollMs: number;
  log: (message: string, error?: unknown) => void;
}): { runBatch: () => Promise<boolean>; drain: () => Promise<void> } {
  let inFlight = 0;
  const sending = new Set<Promise<unknown>>();
  // Woken when any delivery ends: its endpoint's place is free again, so the next due one is claimed
  // at once rather than at the next poll (an endpoint's own throughput is not capped by the poll).
  let wake: () => void = () => undefined;
  const oneEnds = () => new Promise<void>((resolve) => (wake = resolve));
  const runBatch = async () => {
    const free = webhookPoolSize - inFlight;
    const claimed = free > 0 ? await claimDueDeliveries({ ...options, limit: free }) : [];
    for (const delivery of claimed) {
      inFlight++;
      const sent: Promise<unknown> = delivery
        .send()
        .catch((error: unknown) => options.log(`webhook delivery ${delivery.id} failed`, error))
        .finally(() => {
          inFlight--;
          sending.delete(sent);
          wake();
        });
      sending.add(sent);
    }
    if (claimed.length > 0) return true;
    if (inFlight === 0) return false;
    // Something is in flight: wait for one to end, or for the poll's interval, whichever comes first.
    await Promise.race([oneEnds(), sleep(options.pollMs)]);
    return true;
  };
  // Stopping waits for the sends in flight, so each answer is recorded before the database closes.
  const drain = async () => {
    await Promise.all([...sending]);
  };
  return { runBatch, drain };
}
