import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runBilling } from '../src/billing/run-billing.js';
import { setupTestApp, tokenize } from './harness.js';

const t = setupTestApp('file');

/** The PDF's text as a reader would copy it (poppler's pdftotext). */
function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString();
}

/** Each word of the PDF with its box (pdftotext -bbox), top to bottom. */
function pdfWords(pdf: Buffer): { text: string; yMin: number; yMax: number }[] {
  const html = execFileSync('pdftotext', ['-bbox', '-', '-'], { input: pdf }).toString();
  return [
    ...html.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g),
  ].map((match) => ({ text: match[3] ?? '', yMin: Number(match[1]), yMax: Number(match[2]) }));
}

describe('Bills & payments', () => {
  it('lists the organization’s invoices, newest first, filtered by date and status', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const all = (await kevin.get('/api/invoices')).body;
    expect(all).toHaveLength(3);
    expect(all.map((i: { status: string }) => i.status)).toEqual(['open', 'open', 'open']);
    expect(all[0].issuedOn >= all[1].issuedOn).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect(
      (await kevin.get(`/api/invoices?from=${today}`)).body.map(
        (i: { productName: string }) => i.productName,
      ),
    ).toEqual(['Contoso Workplace Business Premium']);
    expect((await kevin.get('/api/invoices?status=paid')).body).toEqual([]);
    const bad = await kevin.get('/api/invoices?from=2026-12-01&to=2026-01-01');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    const alex = await t.signIn('alex@fabrikam.com');
    expect(
      (await alex.get('/api/invoices')).body.every((i: { currency: string }) => i.currency === 'USD'),
    ).toBe(true);
  });

  it('renders a real PDF in the organization’s language, and only for that organization', async () => {
    const reader = await t.signIn('reader@contoso.tw');
    const [invoice] = (await reader.get('/api/invoices')).body;
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/invoices/${invoice.id}/pdf`,
      headers: { cookie: reader.cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${invoice.number}.pdf"`);
    const text = pdfText(response.rawPayload);
    expect(text).toContain('發票');
    expect(text).toContain(invoice.number);
    expect(text).toContain('康拓科技股份有限公司');
    expect(text).toContain('NT$16,500');
    expect(text).toContain('應付金額');

    const alex = await t.signIn('alex@fabrikam.com');
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/invoices/${invoice.id}/pdf`,
      headers: { cookie: alex.cookie },
    });
    expect(other.statusCode).toBe(404);
    const [own] = (await alex.get('/api/invoices')).body;
    const english = await t.app.inject({
      method: 'GET',
      url: `/api/invoices/${own.id}/pdf`,
      headers: { cookie: alex.cookie },
    });
    expect(pdfText(english.rawPayload)).toMatch(/Invoice[\s\S]*Fabrikam, Inc\.[\s\S]*\$264\.00/);
  });
});

describe('the seller on invoices', () => {
  it('prints the provider’s legal name, address, tax ID and support contact, and the customer’s, as they were when issued', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const [invoice] = (await kevin.get('/api/invoices')).body;
    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/invoices/${invoice.id}/pdf`,
      headers: { cookie: kevin.cookie },
    });
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('賣方');
    expect(text).toContain('Settle Demo Cloud Co., Ltd.');
    expect(text).toContain('台北市信義區松仁路 100 號');
    expect(text).toMatch(/統一編號：\s*42345678/);
    expect(text).toContain('billing-support@settle.localhost');
    expect(text).toMatch(/統一編號：\s*12345675/);
    expect(text).toContain('台北市信義區信義路五段 7 號');

    // The provider moves: invoices already issued keep the old address.
    const { createApiKey } = await import('../src/api-keys/create-api-key.js');
    const key = await createApiKey({ db: t.db, name: 'admin', scope: 'read_write' });
    const moved = await t.app.inject({
      method: 'PUT',
      url: '/api/provider/v1/seller-profile',
      headers: { authorization: `Bearer ${key.secret}`, 'idempotency-key': 'seller-moves' },
      payload: {
        legalName: 'Settle Demo Cloud Co., Ltd.',
        address: '100 台北市中正區忠孝西路一段 66 號',
        taxId: '42345678',
        supportEmail: 'help@settle.localhost',
        supportPhone: null,
      },
    });
    expect(moved.statusCode).toBe(200);
    const again = await t.app.inject({
      method: 'GET',
      url: `/api/invoices/${invoice.id}/pdf`,
      headers: { cookie: kevin.cookie },
    });
    expect(pdfText(again.rawPayload)).toContain('台北市信義區松仁路 100 號');
  });

  it('writes the card brand as people do, and a description that wraps pushes the next row down', async () => {
    const alex = await t.signIn('alex@fabrikam.com');
    const [open] = (await alex.get('/api/invoices?status=open')).body;
    const subscription = (await alex.get(`/api/subscriptions/${open.subscriptionId}`)).body;
    const token = (await tokenize(t.app, '4242 4242 4242 4242')).body.token;
    const settled = await alex.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'new', token },
    });
    expect(settled.status).toBe(200);
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/invoices/${open.id}/pdf`,
      headers: { cookie: alex.cookie },
    });
    expect(pdfText(response.rawPayload)).toMatch(/with Visa •••• 4242/);
    // "Contoso Workplace Business Premium, per license" wraps in its 230-point column: the row
    // below (Subtotal) starts under its last line, where the rule between them is drawn.
    const words = pdfWords(response.rawPayload);
    const description = words.filter((word) => ['Premium,', 'per', 'license'].includes(word.text));
    const subtotal = words.find((word) => word.text === 'Subtotal');
    expect(description.length).toBeGreaterThan(0);
    const lastLine = Math.max(...description.map((word) => word.yMax));
    expect(subtotal && subtotal.yMin > lastLine + 4).toBe(true);
  });

  it('numbers the seller’s invoices in one sequence for every customer, renewals and prorations alike, with no gap; the demo’s periods never overlap', async () => {
    // Every customer's invoices, as the provider lists them: one seller, one INV- sequence from 1001.
    const numbers = async () =>
      (await t.db.selectFrom('invoices').select('number').execute())
        .map((invoice) => Number(invoice.number.replace('INV-', '')))
        .sort((a, b) => a - b);
    const before = await numbers();
    expect(before).toEqual(before.map((_, index) => 1001 + index));
    const seenBy = async (email: string) =>
      ((await (await t.signIn(email)).get('/api/invoices')).body as { number: string }[]).map(
        (i) => i.number,
      );
    const contoso = await seenBy('kevin@contoso.tw');
    const fabrikam = await seenBy('sam@fabrikam.com');
    expect(contoso.length).toBeGreaterThan(0);
    expect(fabrikam.length).toBeGreaterThan(0);
    expect(
      contoso.filter((number) => fabrikam.includes(number)),
      'no number is issued twice',
    ).toEqual([]);

    const [due] = await t.db
      .selectFrom('subscriptions')
      .innerJoin('organizations', 'organizations.id', 'subscriptions.organization_id')
      .select(['subscriptions.current_period_end', 'organizations.name'])
      .where('subscriptions.status', '=', 'active')
      .where('organizations.name', '=', '康拓科技股份有限公司')
      .orderBy('subscriptions.current_period_end')
      .execute();
    await runBilling({
      db: t.db,
      gateway: t.gateway,
      now: new Date(`${due?.current_period_end}T12:00:00Z`),
      charge: false,
    });
    const after = await numbers();
    expect(after.length).toBeGreaterThan(before.length);
    expect(after).toEqual(after.map((_, index) => 1001 + index));

    const periods = await t.db
      .selectFrom('invoices')
      .select(['subscription_id', 'period_start', 'period_end'])
      .orderBy('subscription_id')
      .orderBy('period_start')
      .execute();
    for (const [index, period] of periods.entries()) {
      const next = periods[index + 1];
      if (next?.subscription_id === period.subscription_id)
        expect(next.period_start >= period.period_end).toBe(true);
    }
  });
});
