import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type ServerProcess, signInOver, startServerProcess } from '../server-process.js';
import { launchBrowser, stepShooter, watchPageErrors } from './browser.js';

// 4000 0027 6000 3184 asks the cardholder's bank for a confirmation on every charge (3-D Secure).
// The sandbox's bank page opens inside the settle drawer, as a processor's challenge frame does.
const alwaysAsks = '4000002760003184';
const dataDir = mkdtempSync(join(tmpdir(), 'settle-e2e-3ds-'));
let server: ServerProcess;
let browser: Browser;

before(async () => {
  server = await startServerProcess({ dataDir });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function openAs(email: string, locale: 'en-US' | 'zh-TW') {
  const context = await browser.newContext({ locale, viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(server.url);
  await page.getByLabel(/Email|電子郵件/).fill(email);
  await page.getByLabel(/Password|密碼/).fill('settle-demo');
  await page.getByRole('button', { name: locale === 'zh-TW' ? '登入' : 'Sign in' }).click();
  return { page, errors, close: () => context.close() };
}

/** Kevin's view of Contoso's Premium subscription, read over the API. */
async function premiumOfContoso(): Promise<{ id: string; nextBillingDate: string }> {
  const kevin = await signInOver(server.url, 'kevin@contoso.tw');
  const list = (await kevin.call('GET', '/api/subscriptions')).body as {
    items: { id: string; productName: string; nextBillingDate: string }[];
  };
  const found = list.items.find((item) => item.productName === 'Contoso Workplace Business Premium');
  if (!found) throw new Error('no Premium subscription');
  return found;
}

async function fillNewCard(
  page: Page,
  labels: { number: string; expiry: string; cvc: string; name: string },
) {
  await page.getByLabel(labels.number).fill(alwaysAsks);
  await page.getByLabel(labels.expiry).fill(`12/${(new Date().getFullYear() + 3) % 100}`);
  await page.getByLabel(labels.cvc).fill('123');
  await page.getByLabel(labels.name).fill('TEST CARD');
}

const zh = { number: '卡號', expiry: '到期日 (MM/YY)', cvc: '安全碼 (CVC)', name: '持卡人姓名' };
const en = {
  number: 'Card number',
  expiry: 'Expiration (MM/YY)',
  cvc: 'Security code (CVC)',
  name: 'Name on card',
};

describe('3-D Secure in the settle drawer', () => {
  it('zh-TW: a new card whose bank asks is confirmed in the drawer, and the balance is settled', async () => {
    const { page, errors, close } = await openAs('kevin@contoso.tw', 'zh-TW');
    const shot = stepShooter(page, '3ds-complete-zh-TW');
    await page.getByRole('link', { name: 'Contoso Workplace Business Premium' }).click();
    await page.getByRole('button', { name: '結算餘額' }).click();
    const drawer = page.getByRole('dialog', { name: '結清未付餘額' });
    await drawer.getByRole('radio', { name: '新增卡片' }).check();
    await fillNewCard(page, zh);
    await drawer.getByRole('button', { name: '儲存' }).click();

    await drawer.getByText('向您的銀行確認這筆付款').waitFor();
    const bank = page.frameLocator('[data-testid=settle-challenge-frame]');
    await bank.getByText('以末四碼 3184 的 Visa 卡片支付 NT$33,000').waitFor();
    assert.equal(await drawer.getByRole('button', { name: '儲存' }).isDisabled(), true);
    await shot('challenge');
    await bank.getByRole('button', { name: '完成驗證' }).click();

    const confirmation = page.getByTestId('settled-confirmation');
    await confirmation.waitFor();
    assert.match((await confirmation.textContent()) ?? '', /從 Visa 末四碼 3184 收取 NT\$33,000/);
    await page.getByTestId('status-badge').filter({ hasText: '作用中' }).waitFor();
    await shot('settled');
    assert.deepEqual(errors, []);
    await close();
  });

  it('en-US: a failed challenge leaves the balance unpaid and says why', async () => {
    const { page, errors, close } = await openAs('mei@contoso.tw', 'en-US');
    const shot = stepShooter(page, '3ds-fail-en-US');
    await page.getByRole('link', { name: 'Contoso Teams Phone' }).click();
    await page.getByRole('button', { name: 'Settle balance' }).click();
    const drawer = page.getByRole('dialog', { name: 'Settle an outstanding balance' });
    await drawer.getByRole('radio', { name: 'Add a new card' }).check();
    await fillNewCard(page, en);
    await drawer.getByRole('button', { name: 'Save' }).click();
    const bank = page.frameLocator('[data-testid=settle-challenge-frame]');
    await bank.getByRole('button', { name: 'Fail authentication' }).click();

    const error = drawer.getByTestId('settle-error');
    await error.waitFor();
    assert.match(
      (await error.textContent()) ?? '',
      /Your payment was declined.*your bank couldn’t confirm this payment/,
    );
    // The admin may try again at once: the card choices are back.
    await drawer.getByRole('radio', { name: 'Add a new card' }).waitFor();
    await shot('failed');
    await drawer.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Subscription has a past due payment').waitFor();
    await page
      .getByTestId('past-due')
      .getByText(/your bank couldn’t confirm this payment/)
      .waitFor();
    await shot('still-past-due');
    assert.deepEqual(errors, []);
    await close();
  });

  it('zh-TW: a renewal of that card off-session ends past due with the bank’s request, then is settled with the challenge', async () => {
    // A month passes: the operator's billing run renews the Premium subscription an hour after its
    // term ends, while nobody is there to answer the bank; the server then runs on that clock too.
    const subscription = await premiumOfContoso();
    const aheadMs = Date.parse(`${subscription.nextBillingDate}T01:00:00Z`) - Date.now();
    const later = { SETTLE_CLOCK_AHEAD_MS: String(aheadMs) };
    await server.stop();
    const billing = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', './test/support/clock-ahead.ts', 'src/cli/billing.ts'],
      { env: { ...process.env, ...later, SETTLE_DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8' },
    );
    assert.equal(billing.status, 0, billing.stderr);
    assert.match(billing.stdout, /invoice\(s\) issued/);
    server = await startServerProcess({ dataDir, env: later, imports: ['./test/support/clock-ahead.ts'] });

    const { page, errors, close } = await openAs('kevin@contoso.tw', 'zh-TW');
    const shot = stepShooter(page, '3ds-renewal-zh-TW');
    await page.getByRole('link', { name: 'Contoso Workplace Business Premium' }).click();
    const pastDue = page.getByTestId('past-due');
    await pastDue.getByText('您的銀行需要您確認這筆付款').waitFor();
    await shot('past-due');
    await pastDue.getByRole('button', { name: '結算餘額' }).click();
    const drawer = page.getByRole('dialog', { name: '結清未付餘額' });
    // The card the renewal tried is the subscription's, and it is Kevin's: it is chosen already.
    await drawer.getByText('Visa 末四碼 3184').first().waitFor();
    await drawer.getByRole('button', { name: '儲存' }).click();
    const bank = page.frameLocator('[data-testid=settle-challenge-frame]');
    await bank.getByRole('button', { name: '完成驗證' }).click();
    await page.getByTestId('settled-confirmation').waitFor();
    await page.getByTestId('status-badge').filter({ hasText: '作用中' }).waitFor();
    await shot('settled');
    assert.deepEqual(errors, []);
    await close();
  });
});
