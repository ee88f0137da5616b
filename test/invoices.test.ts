import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { setupTestApp } from './harness.js';

const t = setupTestApp('file');

/** The PDF's text as a reader would copy it (poppler's pdftotext). */
function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString();
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
