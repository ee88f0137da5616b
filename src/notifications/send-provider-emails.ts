import type { Transporter } from 'nodemailer';
import type { Db } from '../db/connect.js';
import { claimDueEmails, sendClaimedEmails } from './claim-due-emails.js';

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
  return sendClaimedEmails({
    db: options.db,
    outbox: 'provider_emails',
    messages,
    send: (message) =>
      options.transport.sendMail({
        from: options.from,
        to: message.to_address,
        subject: message.subject,
        text: message.body,
      }),
    log: options.log,
  });
}
