import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

/** The two outboxes of mail: admins' billing notices and the provider's alerts; the same columns. */
export type MailOutbox = 'notifications' | 'provider_emails';

const leaseMs = 120_000;
const maxAttempts = 10;

/**
 * Claims due unsent messages (FOR UPDATE SKIP LOCKED, then a lease): two processes never take the
 * same message, so none is sent twice unless a process dies between the SMTP server's answer and
 * the record of it (then it is sent again after the lease: at least once, never lost).
 */
export async function claimDueEmails(
  db: Db,
  outbox: MailOutbox,
  now: Date,
  limit: number,
): Promise<string[]> {
  const table = sql.table(outbox);
  const result = await sql<{ id: string }>`
    with due as (
      select id from ${table}
      where sent_at is null and failed_at is null and next_attempt_at <= ${now}
        and (claimed_until is null or claimed_until < ${now})
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    )
    update ${table} m set claimed_until = ${new Date(now.getTime() + leaseMs)}, attempts = m.attempts + 1
    from due where m.id = due.id
    returning m.id`.execute(db);
  return result.rows.map((row) => row.id);
}

/**
 * Records what the SMTP server said. A refusal is kept as the last error and tried again after
 * 1, 2, 4 … 60 minutes; after the tenth attempt the message is given up (it stays in the app).
 */
export async function recordEmailOutcome(
  db: Db,
  outbox: MailOutbox,
  id: string,
  now: Date,
  error: string | null,
): Promise<'sent' | 'retrying' | 'failed'> {
  const table = sql.table(outbox);
  if (error === null) {
    await sql`update ${table} set sent_at = ${now}, claimed_until = null, last_error = null where id = ${id}`.execute(
      db,
    );
    return 'sent';
  }
  const result = await sql<{ failed: boolean }>`
    update ${table} set claimed_until = null, last_error = ${error.slice(0, 1000)},
      next_attempt_at = ${now}::timestamptz + least(power(2, attempts - 1), 60) * interval '1 minute',
      failed_at = case when attempts >= ${maxAttempts} then ${now}::timestamptz end
    where id = ${id}
    returning failed_at is not null as failed`.execute(db);
  return result.rows[0]?.failed ? 'failed' : 'retrying';
}

/**
 * Sends claimed messages one by one and records each SMTP answer; a refusal is logged and left to
 * the next attempt. The outbox's own sender composes each message.
 */
export async function sendClaimedEmails<M extends { id: string }>(options: {
  db: Db;
  outbox: MailOutbox;
  messages: M[];
  send: (message: M) => Promise<unknown>;
  log?: ((message: string) => void) | undefined;
}): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const message of options.messages) {
    const error = await options.send(message).then(
      () => null,
      (reason: unknown) => (reason instanceof Error ? reason.message : String(reason)),
    );
    const outcome = await recordEmailOutcome(options.db, options.outbox, message.id, new Date(), error);
    if (outcome === 'sent') sent++;
    else {
      failed++;
      options.log?.(`${options.outbox} ${message.id} not sent (${outcome}): ${error}`);
    }
  }
  return { sent, failed };
}
