import type { Transporter } from 'nodemailer';
import { runBillingJobs } from '../billing/run-billing-jobs.js';
import type { Db } from '../db/connect.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { sendPendingNotifications } from '../notifications/send-pending-notifications.js';
import { sendProviderEmails } from '../notifications/send-provider-emails.js';
import { reconcilePayments } from '../payments/reconcile-payments.js';
import { deliverDueWebhooks, type WebhookSettings } from '../webhooks/deliver-due-webhooks.js';
import { expireOldRecords } from './expire-old-records.js';
import type { QueueJob, ScheduledJob } from './start-jobs.js';

const webhookBatch = 32;
const emailBatch = 50;

/** Settle's background work, as the server runs it (src/main.ts). */
export function settleJobs(options: {
  db: Db;
  gateway: PaymentGateway;
  mail: { transport: Transporter; from: string } | null;
  webhooks: WebhookSettings;
  /** Renewals and dunning; 0 leaves them to `npm run billing`. */
  billingEveryMs: number;
  reconcileEveryMs: number;
  /** This process (host:pid), as it signs its claims. */
  holder: string;
  log: (message: string, error?: unknown) => void;
}): (ScheduledJob | QueueJob)[] {
  const { db, gateway, mail, log } = options;
  const jobs: (ScheduledJob | QueueJob)[] = [
    {
      kind: 'scheduled',
      name: 'reconciliation',
      everyMs: options.reconcileEveryMs,
      run: () => reconcilePayments({ db, gateway, log }),
    },
    { kind: 'scheduled', name: 'expiry', everyMs: 600_000, run: () => expireOldRecords({ db }) },
    {
      kind: 'queue',
      name: 'webhooks',
      runBatch: async () =>
        (
          await deliverDueWebhooks({
            db,
            settings: options.webhooks,
            limit: webhookBatch,
            holder: options.holder,
          })
        ).claimed === webhookBatch,
    },
  ];
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
        const notices = await sendPendingNotifications({ db, ...mail, limit: emailBatch, log });
        await sendProviderEmails({ db, ...mail, log });
        return notices.sent + notices.failed === emailBatch;
      },
    });
  return jobs;
}
