import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { einvoicePeriodOf } from '../domain/einvoice.js';
import { enqueueTasks } from '../queue/enqueue-tasks.js';

/**
 * Warns the seller (its support email, once each) of what the tax office would fine: e-invoices still
 * not issued half-way to their upload deadline (B2C within 2 days, B2B within 7: warned after 1 day
 * and 3½), and a period's number ranges (字軌) running low (under a tenth, or under 50, left). Any number of processes may run it: each
 * e-invoice and range is claimed for its warning in the same statement that marks it warned.
 */
export async function warnAboutEInvoices(options: {
  db: Db;
  now?: Date;
}): Promise<{ late: number; lowRanges: number }> {
  const now = options.now ?? new Date();
  return options.db.transaction().execute(async (tx) => {
    const seller = await tx
      .selectFrom('seller_profile')
      .select('support_email')
      .where('id', '=', 1)
      .executeTakeFirst();
    if (!seller) return { late: 0, lowRanges: 0 };
    const late = await tx
      .updateTable('einvoices')
      .set({ late_warned_at: now })
      .where('late_warned_at', 'is', null)
      .where('status', 'in', ['pending', 'unknown', 'failed'])
      .where('void_requested_at', 'is', null)
      .where(
        'created_at',
        '<',
        sql<Date>`${now}::timestamptz - case when buyer->>'kind' = 'business' then interval '84 hours' else interval '24 hours' end`,
      )
      .returning(['id', 'status', 'failure_message', 'created_at'])
      .execute();
    const low = await tx
      .updateTable('einvoice_tracks')
      .set({ low_warned_at: now })
      .where('low_warned_at', 'is', null)
      .where('period', '=', einvoicePeriodOf(now))
      .where(
        sql<boolean>`(select coalesce(sum(t.last_number - t.next_number + 1), 0) from einvoice_tracks t
          where t.period = einvoice_tracks.period) * 10 < greatest(500, (select sum(t.last_number - t.first_number + 1)
          from einvoice_tracks t where t.period = einvoice_tracks.period))`,
      )
      .returning(['period', 'track', 'next_number', 'last_number'])
      .execute();
    const lines = [
      ...(late.length > 0
        ? [
            `${late.length} e-invoice(s) (電子發票) are still not issued, half-way to the tax office's upload deadline (B2C within 2 days of the sale, B2B within 7):`,
            ...late.map(
              (e) =>
                `- ${e.id}: ${e.status}${e.failure_message ? ` (${e.failure_message})` : ''}, asked for ${e.created_at.toISOString()}`,
            ),
            'Mend the cause and retry each (POST /api/provider/v1/einvoices/{id}/retry); GET /einvoices?status=failed lists them.',
            '',
          ]
        : []),
      ...(low.length > 0
        ? [
            `The e-invoice numbers (字軌) for the period ${low[0]?.period} are running low:`,
            ...low.map(
              (r) => `- ${r.track}: ${Math.max(0, r.last_number - r.next_number + 1)} left in this range`,
            ),
            'Record the next range the tax office allotted you (POST /api/provider/v1/einvoice-tracks), at your issuer too.',
          ]
        : []),
    ];
    if (lines.length === 0) return { late: 0, lowRanges: 0 };
    const alert = await tx
      .insertInto('provider_emails')
      .values({
        to_address: seller.support_email,
        subject:
          late.length > 0
            ? 'Settle: e-invoices not issued yet (電子發票)'
            : 'Settle: e-invoice numbers running low (字軌)',
        body: lines.join('\n'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueueTasks({ tx, topic: 'email.provider', subjectIds: [alert.id] });
    return { late: late.length, lowRanges: low.length };
  });
}
