import type { Transporter } from 'nodemailer';
import type { Db } from '../db/connect.js';
import type { Locale } from '../db/schema.js';
import type { Role } from '../domain/permissions.js';
import { renderInvoicePdf } from '../invoices/render-invoice-pdf.js';

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
      'notifications.invoice_id',
      'notifications.organization_id',
      'users.id as userId',
      'users.email',
      'users.display_name',
      'users.role',
      'users.attach_invoice_pdf',
    ])
    .where('notifications.sent_at', 'is', null)
    .orderBy('notifications.created_at')
    .limit(options.limit ?? 200)
    .execute();
  let sent = 0;
  let failed = 0;
  for (const message of pending) {
    try {
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
        headers: { 'Content-Language': message.locale },
        attachments,
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
