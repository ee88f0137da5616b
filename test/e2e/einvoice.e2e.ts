import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type ServerProcess, startServerProcess } from '../server-process.js';
import { axeProblems, e2eDataDir, launchBrowser, settled, stepShooter, watchPageErrors } from './browser.js';

// 電子發票 as 康拓科技's billing admin lives it, in Chinese: he chooses his mobile barcode, settles the
// past-due balance, and finds the e-invoice's number beside the invoice; a refund in the same period
// shows it voided and a new one in its place. The demo's seller issues through the sandbox issuer.
let dataDir: string;
let server: ServerProcess;
let browser: Browser;
let apiKey: string;

before(async () => {
  dataDir = e2eDataDir('settle-einvoice-');
  const env = { ...process.env, SETTLE_DATA_DIR: dataDir, DATABASE_URL: '' };
  const created = execFileSync('npm', ['run', '--silent', 'keys', '--', 'create', '--name', 'books'], {
    env,
  });
  apiKey = /^(sk_[A-Za-z0-9_-]{43})$/m.exec(created.toString())?.[1] ?? '';
  server = await startServerProcess({ dataDir });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function provider(method: 'GET' | 'POST', path: string, body?: unknown) {
  const response = await fetch(`${server.url}/api/provider/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${apiKey}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(method === 'POST' ? { 'idempotency-key': crypto.randomUUID() } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.ok(response.ok, await response.clone().text());
  return response.json();
}

/** Bills & payments, reloaded until the e-invoice lines say what is expected (the queue issues them). */
async function einvoiceLinesOnceThey(page: Page, done: (lines: string[]) => boolean): Promise<string[]> {
  for (let attempt = 0; attempt < 60; attempt++) {
    await page.goto(`${server.url}/billing/bills`);
    await page.getByTestId('invoice-row').first().waitFor();
    const lines = await page.getByTestId('einvoice').allTextContents();
    if (done(lines)) return lines;
    await page
      .waitForResponse((response) => response.url().includes('/api/health'), { timeout: 500 })
      .catch(() => {});
  }
  throw new Error('the e-invoices never showed');
}

describe('電子發票 in the admin center', () => {
  it('lets the admin choose a mobile barcode, shows the e-invoice after Save, and its void and reissue after a refund', async () => {
    const context = await browser.newContext({ locale: 'zh-TW', viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const shot = stepShooter(page, 'einvoice-zh-TW-1366');
    await page.goto(server.url);
    await page.getByLabel('電子郵件').fill('kevin@contoso.tw');
    await page.getByLabel('密碼').fill('settle-demo');
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await page.getByRole('heading', { name: '您的產品' }).waitFor();

    // Billing account: the e-invoice goes to the company by default; he picks his mobile barcode.
    await page.goto(`${server.url}/billing/account`);
    const card = page.getByTestId('einvoice-choice');
    await card.getByRole('heading', { name: '電子發票' }).waitFor();
    assert.equal(
      await card.getByRole('radio', { name: '公司：統一編號 12345675（三聯式）' }).isChecked(),
      true,
    );
    await card.getByRole('radio', { name: '手機條碼載具' }).check();
    await card.getByLabel('條碼', { exact: true }).fill('ABC1234');
    await card.getByRole('button', { name: '儲存電子發票設定' }).click();
    const refused = card.getByText(/^手機條碼：格式為/);
    await refused.waitFor();
    await shot('barcode-refused');
    await card.getByLabel('條碼', { exact: true }).fill('/abc+123');
    await card.getByRole('button', { name: '儲存電子發票設定' }).click();
    await card.getByTestId('einvoice-saved').waitFor();
    assert.equal(await card.getByLabel('條碼', { exact: true }).inputValue(), '/ABC+123');
    assert.deepEqual(await axeProblems(page), []);
    await shot('barcode-saved');

    // Settle the past-due balance with a new card.
    await page.goto(`${server.url}/billing/products`);
    await page.getByRole('link', { name: 'Contoso Workplace Business Premium' }).click();
    await page.getByRole('button', { name: '結算餘額' }).click();
    const drawer = page.getByRole('dialog', { name: '結清未付餘額' });
    await drawer.getByRole('radio', { name: '新增卡片' }).check();
    await drawer.getByLabel('卡號').fill('4242424242424242');
    await drawer.getByLabel('到期日（MM/YY）').fill(`12/${(new Date().getFullYear() + 3) % 100}`);
    await drawer.getByLabel('安全碼（CVC）').fill('123');
    await drawer.getByLabel('持卡人姓名').fill('林志豪');
    await drawer.getByRole('button', { name: '儲存' }).click();
    await page.getByTestId('settled-confirmation').waitFor();

    // Bills & payments: each paid invoice shows its e-invoice number, day and random code.
    const issued = await einvoiceLinesOnceThey(
      page,
      (lines) => lines.filter((l) => /隨機碼 \d{4}$/.test(l)).length === 2,
    );
    for (const line of issued) assert.match(line, /^電子發票 S[TU]-\d{8}，.+，隨機碼 \d{4}$/);
    await settled(page);
    assert.deepEqual(await axeProblems(page), []);
    await shot('bills-einvoices');

    // The seller refunds NT$1,000 of the payment within the same period: the newest invoice's
    // e-invoice is voided and reissued for the rest.
    const payments = await provider('GET', '/payments?limit=10');
    const payment = payments.items.find(
      (p: { status: string; currency: string; method: string }) =>
        p.status === 'succeeded' && p.currency === 'TWD' && p.method === 'card',
    );
    await provider('POST', `/payments/${payment.id}/refunds`, {
      amountMinor: 100_000,
      reason: 'service_issue',
    });
    const after = await einvoiceLinesOnceThey(
      page,
      (lines) =>
        lines.some((l) => l.endsWith('已作廢')) && lines.filter((l) => /隨機碼/.test(l)).length === 2,
    );
    const voided = after.find((line) => line.endsWith('已作廢')) ?? '';
    assert.ok(
      issued.some((line) => line.startsWith(voided.slice(0, 16))),
      `${voided} was one of ${issued}`,
    );
    assert.equal(after.length, 3);
    await settled(page);
    await shot('bills-voided-reissued');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('shows the choice and the e-invoices on a phone without anything wider than the screen', async () => {
    const context = await browser.newContext({
      locale: 'zh-TW',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const shot = stepShooter(page, 'einvoice-zh-TW-390');
    await page.goto(server.url);
    await page.getByLabel('電子郵件').fill('kevin@contoso.tw');
    await page.getByLabel('密碼').fill('settle-demo');
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await page.getByRole('heading', { name: '您的產品' }).waitFor();
    await page.goto(`${server.url}/billing/account`);
    await page.getByTestId('einvoice-choice').waitFor();
    const wide = () => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(await wide(), false);
    await shot('account');
    await page.goto(`${server.url}/billing/bills`);
    await page.getByTestId('einvoice').first().waitFor();
    assert.equal(await wide(), false);
    assert.deepEqual(await axeProblems(page), []);
    await shot('bills');
    await context.close();
  });
});
