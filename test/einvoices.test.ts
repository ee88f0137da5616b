import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { einvoicePeriodOf } from '../src/domain/einvoice.js';
import { SandboxEInvoiceIssuer } from '../src/einvoice/sandbox/sandbox-issuer.js';
import { warnAboutEInvoices } from '../src/einvoice/warn-einvoice-deadlines.js';
import { workEInvoices } from '../src/einvoice/work-einvoices.js';
import { premium, providerClient, setupTestApp, subscriptionByProduct, tokenize } from './harness.js';

// 電子發票 on the sandbox issuer: 康拓科技 (a 統一編號, TWD) settles its past-due Premium balance; each
// paid invoice gets its e-invoice from the queue, never twice, and refunds void or reduce them by period.
const t = setupTestApp();

const work = () =>
  workEInvoices({ db: t.db, issuer: new SandboxEInvoiceIssuer(t.db), holder: 'test', now: () => new Date() });

/** Works the e-invoice queue until nothing is due now (waiting items are left for later). */
async function workUntilIdle() {
  for (let round = 0; round < 10; round++) {
    const report = await work();
    if (report.issued + report.failed + report.voided + report.allowances + report.errors === 0) return;
  }
}

async function settlePremium(email = 'kevin@contoso.tw') {
  const admin = await t.signIn(email);
  const subscription = await subscriptionByProduct(admin, premium);
  const card = await tokenize(t.app, '4242 4242 4242 4242');
  const settled = await admin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
    expectedAmountMinor: subscription.amountDueMinor,
    card: { kind: 'new', token: card.body.token },
  });
  expect(settled.body.status).toBe('succeeded');
  return { admin, subscription, paymentId: settled.body.paymentId as string };
}

async function provider() {
  return (await providerClient(t, { name: 'books' })).call;
}

async function einvoicesOf(subscriptionId: string) {
  const call = await provider();
  // Oldest invoice first (the list is newest first), and each invoice's e-invoices oldest first.
  const invoices = (
    (await call('GET', `/invoices?subscriptionId=${subscriptionId}`)).body.items as { id: string }[]
  ).reverse();
  const all = [];
  for (const invoice of invoices)
    all.push(...(await call('GET', `/einvoices?invoiceId=${invoice.id}`)).body.items.reverse());
  return all;
}

const issuedAtIssuer = () => t.db.selectFrom('sandbox_einvoices').selectAll().orderBy('number').execute();

describe('電子發票 for every paid TWD invoice', () => {
  it('issues one B2B e-invoice per paid invoice, after the payment, numbered from the seller’s range, and tells everyone', async () => {
    const { admin, subscription } = await settlePremium();
    // Asked for in the payment's transaction; issued by the queue after it.
    const pending = await einvoicesOf(subscription.id);
    expect(pending).toHaveLength(2);
    expect(pending.every((e) => e.status === 'pending' && e.number === null)).toBe(true);
    await workUntilIdle();

    const issued = await einvoicesOf(subscription.id);
    const period = einvoicePeriodOf(new Date());
    for (const einvoice of issued)
      expect(einvoice).toMatchObject({
        object: 'einvoice',
        status: 'issued',
        number: expect.stringMatching(/^ST1000000\d$/),
        randomCode: expect.stringMatching(/^\d{4}$/),
        period,
        buyer: { kind: 'business', taxId: '12345675', name: '康拓科技股份有限公司' },
        currency: 'TWD',
        amountMinor: 1_650_000,
        // NT$16,500 tax included: 16,500 − round(16,500 ÷ 1.05) = NT$786.
        taxMinor: 78_600,
      });
    expect(new Set(issued.map((e) => e.number)).size).toBe(2);
    expect(await issuedAtIssuer()).toHaveLength(2);

    // Working the queue again issues nothing more.
    await workUntilIdle();
    expect(await issuedAtIssuer()).toHaveLength(2);

    // The event's object is the GET's, at that moment.
    const events = await t.db
      .selectFrom('events')
      .select(['type', 'data'])
      .where('type', 'like', 'einvoice.%')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['einvoice.issued', 'einvoice.issued']);
    const call = await provider();
    for (const event of events) {
      const object = (event.data as { object: { id: string } }).object;
      expect((await call('GET', `/einvoices/${object.id}`)).body).toEqual(object);
    }
    // The admin sees each number and random code beside its invoice.
    const invoices = (await admin.get('/api/invoices?limit=50')).body as {
      subscriptionId: string;
      einvoices: { number: string; randomCode: string; status: string }[];
    }[];
    const paid = invoices.filter((invoice) => invoice.subscriptionId === subscription.id);
    expect(paid.flatMap((invoice) => invoice.einvoices.map((e) => e.number)).sort()).toEqual(
      issued.map((e) => e.number).sort(),
    );
    // The billing admins are told each number and random code, in their language (emailed where SMTP is set).
    const notices = await t.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.recipient_user_id')
      .select(['users.email', 'notifications.subject', 'notifications.body'])
      .where('notifications.kind', '=', 'einvoice_issued')
      .where('users.email', '=', 'kevin@contoso.tw')
      .execute();
    expect(notices).toHaveLength(2);
    const formatted = `${issued[0].number.slice(0, 2)}-${issued[0].number.slice(2)}`;
    expect(
      notices.some((n) => n.subject.includes(formatted) && n.body.includes(`隨機碼 ${issued[0].randomCode}`)),
    ).toBe(true);
    // The invoice's PDF prints it too, in the organization's language.
    const paidInvoice = (await call('GET', `/invoices/${issued[0].invoiceId}`)).body;
    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/invoices/${paidInvoice.id}/pdf`,
      headers: { cookie: admin.cookie },
    });
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf.rawPayload }).toString();
    expect(text).toContain(`電子發票 ${issued[0].number.slice(0, 2)}-${issued[0].number.slice(2)}`);
    expect(text).toContain(`隨機碼 ${issued[0].randomCode}`);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('never issues twice when the issuer’s reply is lost: it asks for the seller’s id before issuing again', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const chosen = await kevin.send('PUT', '/api/billing/account/einvoice', {
      einvoiceBuyer: { kind: 'mobile_barcode', code: '/LOSTRPL' },
    });
    expect(chosen.status).toBe(200);
    const { subscription } = await settlePremium();
    const first = await work();
    expect(first.errors).toBe(2);
    expect((await einvoicesOf(subscription.id)).map((e) => e.status)).toEqual(['unknown', 'unknown']);
    // Issued at the issuer though the answer never came back.
    expect(await issuedAtIssuer()).toHaveLength(2);
    await t.db
      .updateTable('queue_tasks')
      .set({ run_at: new Date() })
      .where('topic', '=', 'einvoice.issue')
      .execute();
    await workUntilIdle();
    const after = await einvoicesOf(subscription.id);
    expect(after.map((e) => e.status)).toEqual(['issued', 'issued']);
    expect((await issuedAtIssuer()).map((row) => row.number).sort()).toEqual(
      after.map((e) => e.number).sort(),
    );
  });

  it('keeps an e-invoice unknown while the issuer does not answer, and issues it once when it does', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    await kevin.send('PUT', '/api/billing/account/einvoice', {
      einvoiceBuyer: { kind: 'mobile_barcode', code: '/TIMEOUT' },
    });
    const { subscription } = await settlePremium();
    await work();
    expect((await einvoicesOf(subscription.id)).map((e) => e.status)).toEqual(['unknown', 'unknown']);
    expect(await issuedAtIssuer()).toHaveLength(0);
    // The issuer is back (the buyer's barcode was only the sandbox's way to time out).
    await t.db
      .updateTable('einvoices')
      .set({ buyer: JSON.stringify({ kind: 'mobile_barcode', code: '/ABC1234' }) })
      .execute();
    await t.db
      .updateTable('queue_tasks')
      .set({ run_at: new Date() })
      .where('topic', '=', 'einvoice.issue')
      .execute();
    await workUntilIdle();
    expect((await einvoicesOf(subscription.id)).map((e) => e.status)).toEqual(['issued', 'issued']);
    expect(await issuedAtIssuer()).toHaveLength(2);
  });

  it('fails an e-invoice the issuer refuses (no numbers left), tells the provider, and issues it on retry', async () => {
    await t.db.deleteFrom('einvoice_tracks').execute();
    const { subscription } = await settlePremium();
    await workUntilIdle();
    const failed = await einvoicesOf(subscription.id);
    expect(failed.map((e) => [e.status, e.failureCode])).toEqual([
      ['failed', 'no_numbers'],
      ['failed', 'no_numbers'],
    ]);
    const types = (
      await t.db.selectFrom('events').select('type').where('type', 'like', 'einvoice.%').execute()
    ).map((e) => e.type);
    expect(types).toEqual(['einvoice.failed', 'einvoice.failed']);
    const call = await provider();
    const period = einvoicePeriodOf(new Date());
    const track = await call('POST', '/einvoice-tracks', {
      period,
      track: 'XY',
      firstNumber: '00000050',
      lastNumber: '00000099',
    });
    expect(track.status).toBe(201);
    expect(track.body).toMatchObject({ track: 'XY', remainingCount: 50, usedCount: 0 });
    for (const einvoice of failed)
      expect((await call('POST', `/einvoices/${einvoice.id}/retry`)).body.status).toBe('pending');
    await workUntilIdle();
    expect((await einvoicesOf(subscription.id)).map((e) => e.number)).toEqual(['XY00000050', 'XY00000051']);
    expect((await call('POST', `/einvoices/${failed[0].id}/retry`)).status).toBe(409);
  });

  it('voids and reissues an e-invoice refunded in its own period, and issues an allowance for an earlier one', async () => {
    const { subscription, paymentId } = await settlePremium();
    await workUntilIdle();
    const [older, newer] = await einvoicesOf(subscription.id);
    // The older invoice's e-invoice was issued in the previous period (two months back).
    const earlier = new Date(Date.now() - 62 * 86_400_000);
    await t.db.updateTable('einvoices').set({ issued_at: earlier }).where('id', '=', older.id).execute();
    const call = await provider();
    // NT$20,000 back: the older invoice's NT$16,500 first (an allowance), then NT$3,500 of the newer (void and reissue).
    const refund = await call('POST', `/payments/${paymentId}/refunds`, {
      reason: 'service_issue',
      amountMinor: 2_000_000,
    });
    expect(refund.body.status).toBe('succeeded');
    await workUntilIdle();
    const after = await einvoicesOf(subscription.id);
    const olderNow = after.find((e) => e.id === older.id);
    expect(olderNow).toMatchObject({
      status: 'issued',
      allowances: [{ status: 'issued', amountMinor: 1_650_000 }],
    });
    const newerNow = after.find((e) => e.id === newer.id);
    expect(newerNow).toMatchObject({ status: 'voided', voidReason: expect.stringMatching(/^折讓 CN-/) });
    const reissue = after.find((e) => e.id === newerNow?.reissuedAsEInvoiceId);
    expect(reissue).toMatchObject({
      status: 'issued',
      replacesEInvoiceId: newer.id,
      amountMinor: 1_300_000,
      number: expect.stringMatching(/^ST/),
    });
    expect(reissue?.number).not.toBe(newer.number);
    const types = (
      await t.db
        .selectFrom('events')
        .select('type')
        .where('type', 'like', 'einvoice.%')
        .orderBy('sequence')
        .execute()
    ).map((e) => e.type);
    expect(types.slice(2).sort()).toEqual([
      'einvoice.allowance_issued',
      'einvoice.issued',
      'einvoice.voided',
    ]);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('lets the seller cancel and reissue for a wrong carrier: the new one goes where the customer now chose', async () => {
    const { admin, subscription } = await settlePremium();
    await workUntilIdle();
    const [first] = await einvoicesOf(subscription.id);
    await admin.send('PUT', '/api/billing/account/einvoice', {
      einvoiceBuyer: { kind: 'donation', loveCode: '168001' },
    });
    const call = await provider();
    const voided = await call('POST', `/einvoices/${first.id}/void`, {
      reason: '買受人資料錯誤',
      reissue: true,
    });
    expect(voided.body).toMatchObject({ status: 'issued', voidReason: '買受人資料錯誤' });
    expect((await call('POST', `/einvoices/${first.id}/void`, { reason: 'again' })).status).toBe(409);
    await workUntilIdle();
    const now = (await call('GET', `/einvoices/${first.id}`)).body;
    expect(now.status).toBe('voided');
    const reissue = (await call('GET', `/einvoices/${now.reissuedAsEInvoiceId}`)).body;
    expect(reissue).toMatchObject({
      status: 'issued',
      buyer: { kind: 'donation', loveCode: '168001' },
      amountMinor: first.amountMinor,
    });
    expect(
      (
        await t.db
          .selectFrom('sandbox_einvoices')
          .select('voided_at')
          .where('number', '=', first.number)
          .executeTakeFirstOrThrow()
      ).voided_at,
    ).not.toBeNull();
  });

  it('warns the seller once of e-invoices unissued half-way to their deadline, and of numbers running low', async () => {
    await t.db.deleteFrom('einvoice_tracks').execute();
    await settlePremium();
    await workUntilIdle();
    const emails = () =>
      t.db.selectFrom('provider_emails').select(['subject', 'body']).orderBy('created_at').execute();
    // B2B: 7 days to upload, warned after 3½.
    expect(await warnAboutEInvoices({ db: t.db, now: new Date(Date.now() + 80 * 3_600_000) })).toEqual({
      late: 0,
      lowRanges: 0,
    });
    expect(await warnAboutEInvoices({ db: t.db, now: new Date(Date.now() + 85 * 3_600_000) })).toEqual({
      late: 2,
      lowRanges: 0,
    });
    expect(await warnAboutEInvoices({ db: t.db, now: new Date(Date.now() + 90 * 3_600_000) })).toEqual({
      late: 0,
      lowRanges: 0,
    });
    const [late] = await emails();
    expect(late?.subject).toBe('Settle: e-invoices not issued yet (電子發票)');
    expect(late?.body).toContain('No number range (字軌) is left for this period');

    const call = await provider();
    await call('POST', '/einvoice-tracks', {
      period: einvoicePeriodOf(new Date()),
      track: 'LW',
      firstNumber: '00000000',
      lastNumber: '00000049',
    });
    await t.db.updateTable('einvoice_tracks').set({ next_number: 15 }).execute();
    expect(await warnAboutEInvoices({ db: t.db })).toEqual({ late: 0, lowRanges: 1 });
    expect(await warnAboutEInvoices({ db: t.db })).toEqual({ late: 0, lowRanges: 0 });
    expect((await emails()).at(-1)?.body).toContain('- LW: 35 left in this range');
  });

  it('issues nothing where the seller does not issue e-invoices', async () => {
    await t.db.updateTable('seller_profile').set({ einvoice_enabled: false }).execute();
    const { subscription } = await settlePremium();
    expect(await einvoicesOf(subscription.id)).toEqual([]);
  });
});

describe('the admin’s choice of where e-invoices go', () => {
  it('checks each kind of carrier, names the field in the admin’s language, and changes nothing when refused', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const before = (await kevin.get('/api/billing/account/einvoice')).body;
    expect(before).toEqual({
      available: true,
      choice: null,
      buyer: { kind: 'business', taxId: '12345675', name: '康拓科技股份有限公司' },
    });
    const refuse = async (einvoiceBuyer: unknown, locale: string) =>
      (
        await kevin.send(
          'PUT',
          '/api/billing/account/einvoice',
          { einvoiceBuyer },
          { 'accept-language': locale },
        )
      ).body;
    expect(await refuse({ kind: 'mobile_barcode', code: 'ABC1234' }, 'zh-TW')).toMatchObject({
      code: 'einvoice_barcode_invalid',
      message: expect.stringContaining('手機條碼'),
    });
    expect(await refuse({ kind: 'mobile_barcode', code: '/UNKNOWN' }, 'en-US')).toMatchObject({
      code: 'einvoice_barcode_not_registered',
      message: expect.stringContaining('Mobile barcode'),
    });
    expect(await refuse({ kind: 'citizen_certificate', code: 'AB1234' }, 'zh-TW')).toMatchObject({
      code: 'einvoice_certificate_invalid',
      message: expect.stringContaining('自然人憑證'),
    });
    expect(await refuse({ kind: 'donation', loveCode: '12' }, 'zh-TW')).toMatchObject({
      code: 'einvoice_donation_code_invalid',
      message: expect.stringContaining('捐贈碼'),
    });
    expect(await refuse({ kind: 'donation', loveCode: '9999' }, 'zh-TW')).toMatchObject({
      code: 'einvoice_donation_code_unknown',
    });
    expect((await kevin.get('/api/billing/account/einvoice')).body).toEqual(before);

    // Typed in lower case with spaces on a phone: kept as the Ministry prints it.
    const chosen = await kevin.send('PUT', '/api/billing/account/einvoice', {
      einvoiceBuyer: { kind: 'mobile_barcode', code: ' /abc+123 ' },
    });
    expect(chosen.body.einvoiceBuyer).toEqual({ kind: 'mobile_barcode', code: '/ABC+123' });
    expect((await kevin.get('/api/billing/account/einvoice')).body.buyer).toEqual({
      kind: 'mobile_barcode',
      code: '/ABC+123',
    });
    // A reader may look, not change.
    const reader = await t.signIn('reader@contoso.tw');
    expect((await reader.get('/api/billing/account/einvoice')).status).toBe(200);
    expect(
      (await reader.send('PUT', '/api/billing/account/einvoice', { einvoiceBuyer: { kind: 'print' } }))
        .status,
    ).toBe(403);
  });

  it('refuses to turn e-invoices on for a seller without a valid 統一編號', async () => {
    const call = await provider();
    const seller = (await call('GET', '/seller-profile')).body;
    expect(seller.einvoice).toEqual({ enabled: true });
    const refused = await call('PUT', '/seller-profile', { ...seller, taxId: '12345678' });
    expect(refused.body).toMatchObject({ code: 'tax_id_invalid' });
    expect((await call('GET', '/seller-profile')).body).toEqual(seller);
  });
});
