import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { premium, providerClient, setupTestApp, subscriptionByProduct, tokenize } from './harness.js';

const t = setupTestApp();

const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString();

async function provider() {
  return (await providerClient(t, { name: 'books' })).call;
}

/** Contoso's past-due Premium subscription and its two open invoices (NT$16,500 each), oldest first. */
async function premiumInvoices() {
  const call = await provider();
  const kevin = await t.signIn('kevin@contoso.tw');
  const subscription = await subscriptionByProduct(kevin, premium);
  const open = (await call('GET', `/invoices?subscriptionId=${subscription.id}&status=open`)).body.items as {
    id: string;
    number: string;
    amountMinor: number;
    issuedOn: string;
  }[];
  open.sort((a, b) => a.issuedOn.localeCompare(b.issuedOn) || a.number.localeCompare(b.number));
  return { call, kevin, subscription, open };
}

describe('credit notes', () => {
  it('take part of an open invoice off: it owes less, the settlement charges less, the books sound', async () => {
    const { call, kevin, subscription, open } = await premiumInvoices();
    const [first] = open;
    if (!first) throw new Error('no open invoice');
    const credited = await call('POST', `/invoices/${first.id}/credit-notes`, {
      amountMinor: 500_000,
      reason: 'service_issue',
      note: 'Outage on 3 November',
    });
    expect(credited.status).toBe(201);
    expect(credited.body).toMatchObject({
      object: 'credit_note',
      number: 'CN-1001',
      kind: 'invoice_reduction',
      refundId: null,
      amountMinor: 500_000,
      currency: 'TWD',
      reason: 'service_issue',
      note: 'Outage on 3 November',
      lines: [{ invoiceId: first.id, invoiceNumber: first.number, amountMinor: 500_000, taxMinor: 0 }],
    });
    expect((await call('GET', `/invoices/${first.id}`)).body).toMatchObject({
      status: 'open',
      amountCreditedMinor: 500_000,
      amountDueMinor: first.amountMinor - 500_000,
    });
    expect((await call('GET', `/credit-notes/${credited.body.id}`)).body).toEqual(credited.body);
    expect(await t.ledgerProblems()).toEqual([]);
    const details = (await kevin.get(`/api/subscriptions/${subscription.id}`)).body;
    expect(details.amountDueMinor).toBe(subscription.amountDueMinor - 500_000);

    // The admin sees it in Bills & payments, and its PDF in the organization's language.
    const listed = (await kevin.get('/api/credit-notes')).body as { number: string }[];
    expect(listed.map((note) => note.number)).toEqual(['CN-1001']);
    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/credit-notes/${credited.body.id}/pdf`,
      headers: { cookie: kevin.cookie },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-disposition']).toContain('CN-1001.pdf');
    const text = pdfText(pdf.rawPayload);
    expect(text).toMatch(/貸項憑單/);
    expect(text).toContain(first.number);
    expect(text).toMatch(/服務問題/);
    expect(text).toMatch(/此發票的應付金額減少 NT\$5,000/);
    const invoicePdf = await t.app.inject({
      method: 'GET',
      url: `/api/invoices/${first.id}/pdf`,
      headers: { cookie: kevin.cookie },
    });
    expect(pdfText(invoicePdf.rawPayload)).toMatch(/已折抵（貸項憑單）\s+−NT\$5,000/);

    // Settling charges what is left, exactly.
    const card = await tokenize(t.app, '4242 4242 4242 4242');
    const settled = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor - 500_000,
      card: { kind: 'new', token: card.body.token },
    });
    expect(settled.body).toMatchObject({
      status: 'succeeded',
      amountMinor: subscription.amountDueMinor - 500_000,
    });
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('take all an invoice owes off: it is settled without a payment, and the subscription back in good standing', async () => {
    const { call, kevin, subscription, open } = await premiumInvoices();
    for (const invoice of open) {
      const credited = await call('POST', `/invoices/${invoice.id}/credit-notes`, { reason: 'other' });
      expect(credited.body).toMatchObject({ kind: 'invoice_reduction', amountMinor: invoice.amountMinor });
      expect((await call('GET', `/invoices/${invoice.id}`)).body).toMatchObject({
        status: 'paid',
        amountDueMinor: 0,
      });
    }
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body).toMatchObject({
      status: 'active',
      amountDueMinor: 0,
      pastDueSince: null,
    });
    const invoicePdf = await t.app.inject({
      method: 'GET',
      url: `/api/invoices/${open[0]?.id}/pdf`,
      headers: { cookie: kevin.cookie },
    });
    expect(pdfText(invoicePdf.rawPayload)).toMatch(/以貸項憑單結清/);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('a refund the processor gave back is documented by a credit note on the invoices it paid', async () => {
    const { call, kevin, subscription, open } = await premiumInvoices();
    const card = await tokenize(t.app, '4242 4242 4242 4242');
    const settled = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'new', token: card.body.token },
    });
    // More than the oldest invoice: the credit note takes the oldest whole and the rest off the next.
    const refund = await call('POST', `/payments/${settled.body.paymentId}/refunds`, {
      reason: 'duplicate',
      amountMinor: 2_000_000,
    });
    expect(refund.body.status).toBe('succeeded');
    const notes = (await call('GET', `/credit-notes?subscriptionId=${subscription.id}`)).body.items;
    expect(notes).toEqual([
      expect.objectContaining({
        number: 'CN-1001',
        kind: 'refund',
        refundId: refund.body.id,
        amountMinor: 2_000_000,
        lines: [
          expect.objectContaining({ invoiceId: open[0]?.id, amountMinor: open[0]?.amountMinor }),
          expect.objectContaining({
            invoiceId: open[1]?.id,
            amountMinor: 2_000_000 - (open[0]?.amountMinor ?? 0),
          }),
        ],
      }),
    ]);
    const pdf = await call('GET', `/credit-notes/${notes[0].id}`);
    expect(pdf.status).toBe(200);
    const document = await t.app.inject({
      method: 'GET',
      url: `/api/provider/v1/credit-notes/${notes[0].id}/pdf`,
      headers: { authorization: `Bearer ${(await providerClient(t, { scope: 'read' })).key.secret}` },
    });
    expect(pdfText(document.rawPayload)).toMatch(/NT\$20,000 已退回支付這些發票的卡片/);
    // The provider reads the invoices' PDFs too, as the customer's admins download them.
    const invoicePdf = await t.app.inject({
      method: 'GET',
      url: `/api/provider/v1/invoices/${open[0]?.id}/pdf`,
      headers: { authorization: `Bearer ${(await providerClient(t, { scope: 'read' })).key.secret}` },
    });
    expect(invoicePdf.statusCode).toBe(200);
    expect(pdfText(invoicePdf.rawPayload)).toContain(open[0]?.number ?? 'no number');
    const unsigned = await t.app.inject({
      method: 'GET',
      url: `/api/provider/v1/invoices/${open[0]?.id}/pdf`,
    });
    expect(unsigned.statusCode).toBe(401);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('refuses what cannot be credited, in the reader’s language, and keeps other customers’ notes out', async () => {
    const { call, kevin, open } = await premiumInvoices();
    const [first] = open;
    const before = await t.snapshot();
    const tooMuch = await call(
      'POST',
      `/invoices/${first?.id}/credit-notes`,
      { amountMinor: (first?.amountMinor ?? 0) + 100, reason: 'other' },
      { 'accept-language': 'zh-TW' },
    );
    expect(tooMuch).toMatchObject({
      status: 400,
      body: { code: 'credit_exceeds_invoice', message: expect.stringContaining('發票') },
    });
    expect(
      (await call('POST', `/invoices/${first?.id}/credit-notes`, { amountMinor: -5, reason: 'other' })).body
        .code,
    ).toBe('validation_failed');
    expect((await call('POST', `/invoices/${randomUUID()}/credit-notes`, { reason: 'other' })).status).toBe(
      404,
    );
    expect(await t.snapshot()).toEqual(before);
    expect(await t.db.selectFrom('credit_notes').select('id').execute()).toEqual([]);

    // Contoso's note is not Fabrikam's to read.
    const note = await call('POST', `/invoices/${first?.id}/credit-notes`, {
      amountMinor: 100_000,
      reason: 'other',
    });
    const sam = await t.signIn('sam@fabrikam.com');
    expect((await sam.get('/api/credit-notes')).body).toEqual([]);
    const foreign = await t.app.inject({
      method: 'GET',
      url: `/api/credit-notes/${note.body.id}/pdf`,
      headers: { cookie: sam.cookie },
    });
    expect(foreign.statusCode).toBe(404);
    expect((await kevin.get('/api/credit-notes')).body).toHaveLength(1);
  });
});
