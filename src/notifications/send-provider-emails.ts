import type { Transporter } from 'nodemailer';
import type { Db } from '../db/connect.js';
import { runTaskBatch } from '../queue/run-task-batch.js';

/** Emails the provider's alerts (a webhook endpoint disabled for failing): queue tasks, as admins' notices are. */
export async function sendProviderEmails(options: {
  db: Db;
  transport: Transporter;
  from: string;
  now?: Date;
  holder?: string;
  log?: (message: string) => void;
}): Promise<{ sent: number; failed: number }> {
  const batch = await runTaskBatch({
    db: options.db,
    topic: 'email.provider',
    limit: 20,
    holder: options.holder ?? 'local',
    ...(options.now ? { now: () => options.now as Date } : {}),
    ...(options.log ? { log: options.log } : {}),
    handle: async (task) => {
      const message = await options.db
        .selectFrom('provider_emails')
        .selectAll()
        .where('id', '=', task.subjectId)
        .executeTakeFirst();
      if (!message || message.sent_at) return;
      await options.transport.sendMail({
        from: options.from,
        to: message.to_address,
        subject: message.subject,
        text: message.body,
      });
      await options.db
        .updateTable('provider_emails')
        .set({ sent_at: options.now ?? new Date() })
        .where('id', '=', message.id)
        .execute();
    },
  });
  return { sent: batch.outcomes.done, failed: batch.outcomes.retrying + batch.outcomes.dead };
}
