import type { Transporter } from 'nodemailer';
import type { Db } from '../db/connect.js';
import { claimDueEmails, recordEmailOutcome } from './claim-due-emails.js';

/** Emails the provider's alerts (a webhook endpoint disabled for failing), claimed as admins' notices are. */
export async function sendProviderEmails(options: {
  db: Db;
  transport: Transporter;
  from: string;
  now?: Date;
  log?: (message: string) => void;
}): Promise<{ sent: number; failed: number }> {
  const ids = await claimDueEmails(options.db, 'provider_emails', options.now ?? new Date(), 20);
  if (ids.length === 0) return { sent: 0, failed: 0 };
  const messages = await options.db
    .selectFrom('provider_emails')
    .selectAll()
    .where('id', 'in', ids)
    .execute();
  let sent = 0;
  let failed = 0;
  for (const message of messages) {
    const error = await options.transport
      .sendMail({ from: options.from, to: message.to_address, subject: message.subject, text: message.body })
      .then(
        () => null,
        (reason: unknown) => (reason instanceof Error ? reason.message : String(reason)),
      );
    const outcome = await recordEmailOutcome(options.db, 'provider_emails', message.id, new Date(), error);
    if (outcome === 'sent') sent++;
    else {
      failed++;
      options.log?.(`provider email ${message.id} not sent (${outcome}): ${error}`);
    }
  }
  return { sent, failed };
}
