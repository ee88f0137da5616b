import type { Transporter } from 'nodemailer';
import type { Db } from '../db/connect.js';

/**
 * Emails every queued notification once. A message is marked sent only after the SMTP server took
 * it; one that fails stays queued for the next round, so a mail outage loses nothing.
 */
export async function sendPendingNotifications(options: {
  db: Db;
  transport: Transporter;
  from: string;
  limit?: number;
}): Promise<{ sent: number; failed: number }> {
  const pending = await options.db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.recipient_user_id')
    .select([
      'notifications.id',
      'notifications.subject',
      'notifications.body',
      'notifications.locale',
      'users.email',
      'users.display_name',
    ])
    .where('notifications.sent_at', 'is', null)
    .orderBy('notifications.created_at')
    .limit(options.limit ?? 200)
    .execute();
  let sent = 0;
  let failed = 0;
  for (const message of pending) {
    try {
      await options.transport.sendMail({
        from: options.from,
        to: { name: message.display_name, address: message.email },
        subject: message.subject,
        text: message.body,
        headers: { 'Content-Language': message.locale },
      });
      await options.db
        .updateTable('notifications')
        .set({ sent_at: new Date() })
        .where('id', '=', message.id)
        .where('sent_at', 'is', null)
        .execute();
      sent++;
    } catch {
      failed++;
    }
  }
  return { sent, failed };
}
