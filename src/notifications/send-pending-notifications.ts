import { sql } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { Db } from '../db/connect.js';
import type { Locale } from '../db/schema.js';
import type { Role } from '../domain/permissions.js';
import { renderInvoicePdf } from '../invoices/render-invoice-pdf.js';
import { runTaskBatch } from '../queue/run-task-batch.js';
import { renderNotice } from './notice-facts.js';

/**
 * Emails the billing notices that are due, as queue tasks (topic email.notification, src/queue): any
 * number of processes run this at once and none sends a message another has claimed. A notice is
 * marked sent only after the SMTP server took it; a refusal is kept with its reason and tried again
 * on the mail schedule, ten times at most (then a dead letter an operator can retry), so a mail outage
 * loses nothing and one bad address blocks nothing.
 */
export async function sendPendingNotifications(options: {
  db: Db;
  transport: Transporter;
  from: string;
  limit?: number;
  now?: Date;
  holder?: string;
  log?: (message: string) => void;
}): Promise<{ sent: number; failed: number }> {
  const batch = await runTaskBatch({
    db: options.db,
    topic: 'email.notification',
    limit: options.limit ?? 50,
    holder: options.holder ?? 'local',
    ...(options.now ? { now: () => options.now as Date } : {}),
    ...(options.log ? { log: options.log } : {}),
    handle: (task) => sendNotification(options, task.subjectId),
  });
  return { sent: batch.outcomes.done, failed: batch.outcomes.retrying + batch.outcomes.dead };
}

async function sendNotification(
  options: { db: Db; transport: Transporter; from: string; now?: Date },
  notificationId: string,
): Promise<void> {
  const queued = await options.db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.recipient_user_id')
    .innerJoin('organizations', 'organizations.id', 'notifications.organization_id')
    .select([
      'notifications.id',
      'notifications.kind',
      'notifications.facts',
      'notifications.subject',
      'notifications.body',
      'notifications.sent_at',
      // The recipient's language when it is sent (they may have changed it since it was queued).
      sql<Locale>`coalesce(users.locale, organizations.locale)`.as('locale'),
      'notifications.invoice_id',
      'notifications.organization_id',
      'users.id as userId',
      'users.email',
      'users.display_name',
      'users.role',
      'users.attach_invoice_pdf',
    ])
    .where('notifications.id', '=', notificationId)
    .executeTakeFirst();
  // Gone with its user, or sent by an attempt whose answer was recorded but whose task was not.
  if (!queued || queued.sent_at) return;
  // Written in the recipient's language of today, when the notice keeps its facts.
  await sendOne(options, {
    ...queued,
    ...((queued.facts && renderNotice(queued.kind, queued.facts, queued.locale)) || {}),
  });
  await options.db
    .updateTable('notifications')
    .set({ sent_at: options.now ?? new Date() })
    .where('id', '=', notificationId)
    .execute();
}

async function sendOne(
  options: { db: Db; transport: Transporter; from: string },
  message: {
    id: string;
    subject: string;
    body: string;
    locale: Locale;
    invoice_id: string | null;
    organization_id: string;
    userId: string;
    email: string;
    display_name: string;
    role: Role;
    attach_invoice_pdf: boolean;
  },
): Promise<void> {
  // The PDF is rendered as the recipient would download it: their organization, their permissions.
  const attachments =
    message.attach_invoice_pdf && message.invoice_id
      ? [
          await invoiceAttachment(options.db, message.invoice_id, {
            ...message,
            organizationId: message.organization_id,
          }),
        ]
      : [];
  await options.transport.sendMail({
    from: options.from,
    to: { name: message.display_name, address: message.email },
    subject: message.subject,
    text: message.body,
    // The notice's id lets a mail log (and a test) tell a repeat from a new message.
    headers: { 'Content-Language': message.locale, 'X-Settle-Notification': message.id },
    attachments,
  });
}

async function invoiceAttachment(
  db: Db,
  invoiceId: string,
  recipient: {
    userId: string;
    organizationId: string;
    role: Role;
    locale: Locale;
    display_name: string;
    email: string;
  },
) {
  const { fileName, pdf } = await renderInvoicePdf({
    db,
    actor: {
      userId: recipient.userId,
      organizationId: recipient.organizationId,
      role: recipient.role,
      savedLocale: recipient.locale,
      organizationLocale: recipient.locale,
      displayName: recipient.display_name,
      email: recipient.email,
    },
    invoiceId,
  });
  return { filename: fileName, content: pdf, contentType: 'application/pdf' };
}
