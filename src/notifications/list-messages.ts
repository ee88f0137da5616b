import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { renderNotice } from './notice-facts.js';

export interface MessageView {
  id: string;
  kind: string;
  subject: string;
  body: string;
  createdAt: Date;
  sentAt: Date | null;
}

/** The signed-in admin's billing notifications: the app's own inbox, emailed too when SMTP is set up. */
export async function listMessages(options: { db: Db; actor: Actor; limit: number }): Promise<MessageView[]> {
  const rows = await options.db
    .selectFrom('notifications')
    .select(['id', 'kind', 'subject', 'body', 'facts', 'created_at', 'sent_at'])
    .where('organization_id', '=', options.actor.organizationId)
    .where('recipient_user_id', '=', options.actor.userId)
    .orderBy('created_at', 'desc')
    .limit(options.limit)
    .execute();
  const locale = options.actor.savedLocale ?? options.actor.organizationLocale;
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    // In the reader's language of today; notices from before facts were kept, as they were written.
    ...((row.facts && renderNotice(row.kind, row.facts, locale)) || { subject: row.subject, body: row.body }),
    createdAt: row.created_at,
    sentAt: row.sent_at,
  }));
}
