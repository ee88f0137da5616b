import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendPendingNotifications } from '../src/notifications/send-pending-notifications.js';
import { startTestApp, type TestApp } from './harness.js';

interface Received {
  from: string;
  to: string[];
  data: string;
}

let t: TestApp;
let server: SMTPServer;
let port: number;
const received: Received[] = [];
let refuseNext = false;

beforeAll(async () => {
  t = await startTestApp();
  // A real SMTP server on loopback: nodemailer speaks the real protocol to it.
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => {
        data += chunk.toString();
      });
      stream.on('end', () => {
        if (refuseNext) {
          refuseNext = false;
          return callback(new Error('452 mailbox full'));
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

describe('billing notifications by email', () => {
  it('sends each queued notice once, in the recipient’s language, and keeps one the server refused', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    // Mei asked for invoice PDFs with her billing emails; Kevin did not.
    const mei = await t.signIn('mei@contoso.tw');
    expect((await mei.send('PUT', '/api/me/preferences', { attachInvoicePdf: true })).body).toEqual({
      attachInvoicePdf: true,
    });
    expect((await mei.get('/api/me')).body.attachInvoicePdf).toBe(true);
    const reader = await t.signIn('reader@contoso.tw');
    expect((await reader.send('PUT', '/api/me/preferences', { attachInvoicePdf: true })).body.code).toBe(
      'permission_denied',
    );
    refuseNext = true;
    const first = await sendPendingNotifications({
      db: t.db,
      transport,
      from: 'Settle Billing <billing@settle.test>',
    });
    // The demo queued one notice per billing admin for each declined renewal: 2 in Contoso (×2 admins), 1 in Fabrikam (×2).
    expect(first).toEqual({ sent: 5, failed: 1 });
    // The refusal is kept with its reason, and the notice waits a minute before it is tried again.
    const refused = await t.db
      .selectFrom('notifications')
      .innerJoin('queue_tasks', (join) =>
        join
          .on('queue_tasks.topic', '=', 'email.notification')
          .onRef('queue_tasks.subject_id', '=', sql`notifications.id::text`),
      )
      .select(['queue_tasks.attempts', 'queue_tasks.last_error', 'queue_tasks.run_at'])
      .where('notifications.sent_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(refused.attempts).toBe(1);
    expect(refused.last_error).toMatch(/mailbox full/);
    expect(await sendPendingNotifications({ db: t.db, transport, from: 'billing@settle.test' })).toEqual({
      sent: 0,
      failed: 0,
    });
    const later = new Date(refused.run_at.getTime() + 1000);
    const second = await sendPendingNotifications({
      db: t.db,
      transport,
      from: 'Settle Billing <billing@settle.test>',
      now: later,
    });
    expect(second).toEqual({ sent: 1, failed: 0 });
    expect(
      await sendPendingNotifications({ db: t.db, transport, from: 'billing@settle.test', now: later }),
    ).toEqual({
      sent: 0,
      failed: 0,
    });

    expect(received).toHaveLength(6);
    const toMei = received.filter((mail) => mail.to.includes('mei@contoso.tw'));
    expect(toMei).toHaveLength(2);
    const decoded = toMei.map((mail) => mail.data).join('\n');
    expect(decoded).toMatch(/Content-Language: zh-TW/);
    expect(toMei.every((mail) => /Content-Type: application\/pdf; name=INV-/.test(mail.data))).toBe(true);
    const toKevin = received.filter((mail) => mail.to.includes('kevin@contoso.tw'));
    expect(toKevin.some((mail) => mail.data.includes('application/pdf'))).toBe(false);
    // Subjects are MIME-encoded UTF-8; the Chinese text survives the trip.
    const subjects = received.map((mail) => /^Subject: (.*)$/m.exec(mail.data)?.[1] ?? '');
    expect(subjects.some((subject) => subject.startsWith('=?UTF-8?'))).toBe(true);
    expect(received.find((mail) => mail.to.includes('sam@fabrikam.com'))?.data).toMatch(
      /Subject: Payment failed for Contoso Workplace Business Premium/,
    );
    const unsent = await t.db.selectFrom('notifications').select('id').where('sent_at', 'is', null).execute();
    expect(unsent).toEqual([]);
  });
});
