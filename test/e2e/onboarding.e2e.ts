import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { type ServerProcess, startServerProcess } from '../server-process.js';
import { axeProblems, launchBrowser, settled, stepShooter, watchPageErrors } from './browser.js';

// A provider's first customer, as the README tells it: a key made before the server starts (the
// embedded database belongs to one process), an organization and its Global admin's invitation.
let dataDir: string;
let server: ServerProcess;
let browser: Browser;
let apiKey: string;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'settle-onboarding-'));
  const env = { ...process.env, SETTLE_DATA_DIR: dataDir, DATABASE_URL: '' };
  const created = execFileSync('npm', ['run', '--silent', 'keys', '--', 'create', '--name', 'onboarding'], {
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

async function provider(path: string, body: unknown) {
  const response = await fetch(`${server.url}/api/provider/v1${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
    },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return response.json();
}

describe('a new customer’s first Global admin', () => {
  it('opens the invitation on a phone in Traditional Chinese, chooses a password and is in', async () => {
    const organization = await provider('/organizations', {
      name: '艾克米股份有限公司',
      country: 'TW',
      currency: 'TWD',
      locale: 'zh-TW',
      taxRateBp: 500,
      taxId: '24549210',
      collectionMethod: 'charge_automatically',
    });
    const invitation = await provider(`/organizations/${organization.id}/invitations`, {
      email: 'wang@acme.tw',
      displayName: '王大明',
    });
    assert.equal(invitation.emailed, false, 'no SMTP_URL here: the provider delivers the link');

    const context = await browser.newContext({
      locale: 'zh-TW',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const shot = stepShooter(page, 'invitation-zh-TW-phone');
    await page.goto(invitation.acceptUrl);
    await page.getByRole('heading', { name: '歡迎使用 Settle 系統管理中心' }).waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the token leaves the address bar');
    await page.getByLabel('新密碼').fill('1qaz2wsx3edc');
    await page.getByLabel('再次輸入').fill('1qaz2wsx3edc');
    await page.getByRole('button', { name: '設定密碼並登入' }).click();
    await page.getByText('請選擇至少 12 個字元').waitFor();
    await shot('weak-password');
    await page.getByLabel('新密碼').fill('tea garden on a rainy hill');
    await page.getByLabel('再次輸入').fill('tea garden on a rainy hill');
    await page.getByRole('button', { name: '設定密碼並登入' }).click();
    await page.getByRole('heading', { name: '您的產品' }).waitFor();
    // On a phone the header shows the signed-in person as an avatar, named for screen readers.
    await page.getByRole('img', { name: /王大明/ }).waitFor();
    await shot('signed-in');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a customer paid by invoice sees its first invoice due on its date, not past due, in both languages', async () => {
    const organization = await provider('/organizations', {
      name: 'Northwind Traders',
      country: 'US',
      currency: 'USD',
      locale: 'en-US',
      taxRateBp: 0,
      collectionMethod: 'send_invoice',
      daysUntilDue: 30,
    });
    const product = await provider('/products', {
      name: { enUS: 'Northwind Copilot', zhTW: 'Northwind Copilot 智慧助理' },
      prices: [{ currency: 'USD', billingFrequency: 'monthly', unitAmountMinor: 3_000 }],
    });
    const sold = await provider(`/organizations/${organization.id}/subscriptions`, {
      priceId: product.prices[0].id,
      licenses: 2,
    });
    // The seller takes $10 off the first invoice with a credit note (one license started late).
    const invoices = await fetch(`${server.url}/api/provider/v1/invoices?subscriptionId=${sold.id}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    }).then((response) => response.json());
    const note = await provider(`/invoices/${invoices.items[0].id}/credit-notes`, {
      amountMinor: 1_000,
      reason: 'service_issue',
      note: 'One license started late',
    });
    const invitation = await provider(`/organizations/${organization.id}/invitations`, {
      email: 'nancy@northwind.example',
      displayName: 'Nancy Davolio',
    });
    const accepted = await fetch(`${server.url}/api/auth/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({
        token: /#token=([A-Za-z0-9_-]+)/.exec(invitation.acceptUrl)?.[1],
        password: 'tea garden on a rainy hill',
      }),
    });
    assert.equal(accepted.status, 204);

    const views = [
      { locale: 'en-US', width: 1366, email: 'Email', password: 'Password', signIn: 'Sign in' },
      { locale: 'zh-TW', width: 390, email: '電子郵件', password: '密碼', signIn: '登入' },
    ] as const;
    for (const view of views) {
      const english = view.locale === 'en-US';
      const context = await browser.newContext({
        locale: view.locale,
        viewport: { width: view.width, height: 900 },
        ...(english ? {} : { isMobile: true, hasTouch: true }),
      });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      const shot = stepShooter(page, `amount-due-${view.locale}-${view.width}`);
      await page.goto(server.url);
      await page.getByLabel(view.email).fill('nancy@northwind.example');
      await page.getByLabel(view.password).fill('tea garden on a rainy hill');
      await page.getByRole('button', { name: view.signIn, exact: true }).click();
      await page.getByRole('heading', { name: english ? 'Your products' : '您的產品' }).waitFor();
      // Owed within its 30 days: the date it is due, no past-due badge and no banner.
      const due = page.getByTestId('due-badge').first();
      await due.waitFor();
      assert.match((await due.textContent()) ?? '', english ? /^Due \w+/ : /到期$/);
      assert.equal(await page.getByTestId('past-due-banner').count(), 0);
      assert.equal(await page.getByText(english ? 'Past due' : '逾期', { exact: true }).count(), 0);
      await shot('your-products');
      assert.deepEqual(await axeProblems(page), []);

      await page
        .getByRole('link', { name: english ? 'Northwind Copilot' : 'Northwind Copilot 智慧助理' })
        .first()
        .click();
      const bar = page.getByTestId('amount-due');
      await bar.waitFor();
      assert.match(
        (await bar.textContent()) ?? '',
        english ? /Payment due .*\$50\.00/ : /付款到期日：.*US\$50\.00/,
      );
      assert.equal(await page.getByTestId('past-due').count(), 0);
      await shot('subscription-due');
      assert.deepEqual(await axeProblems(page), []);
      await page.getByRole('button', { name: english ? 'Pay now' : '立即付款' }).click();
      const drawer = page.getByRole('dialog');
      await drawer.getByTestId('settle-amount').waitFor();
      await settled(page);
      assert.match((await drawer.getByTestId('settle-amount').textContent()) ?? '', /\$50\.00/);
      await shot('pay-now');
      await drawer.getByRole('button', { name: english ? 'Cancel' : '取消' }).click();
      await drawer.waitFor({ state: 'hidden' });
      // Bills & payments: the invoice, and the credit note that took $10 off it, to download.
      if (!english) await page.getByRole('button', { name: '功能表' }).click();
      await page.getByRole('link', { name: english ? 'Bills & payments' : '帳單與付款' }).click();
      // On a phone the menu is a drawer: judged once it has closed, not mid-slide over the page.
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      await page.waitForFunction(() => !document.getElementById('root')?.hasAttribute('aria-hidden'), null, {
        timeout: 5_000,
      });
      await settled(page);
      const row = page.getByTestId('credit-note-row').filter({ hasText: note.number });
      await row.waitFor();
      const text = (await row.textContent()) ?? '';
      assert.ok(text.includes(english ? 'Less owed on the invoice' : '減少發票應付金額'), text);
      assert.ok(text.includes(english ? '$10.00' : 'US$10.00'), text);
      // It pays by invoice: where to transfer the money, its own account at the seller's bank.
      const instructions = (await page.getByTestId('bank-transfer').textContent()) ?? '';
      assert.ok(instructions.includes(english ? 'Pay by bank transfer' : '以銀行轉帳付款'), instructions);
      assert.ok(instructions.includes(organization.transferAccountNumber), instructions);
      assert.ok(instructions.includes('999 Settle Sandbox Bank'), instructions);
      assert.ok(instructions.includes(english ? '$50.00' : 'US$50.00'), instructions);
      await shot('credit-note');
      assert.deepEqual(await axeProblems(page), []);
      assert.deepEqual(errors, []);
      await context.close();
    }

    // The seller credits Northwind's balance with $70.00: it pays the $50.00 still owed at once, and
    // $20.00 is kept for the next invoices.
    await provider(`/organizations/${organization.id}/credit-notes`, {
      amountMinor: 7_000,
      reason: 'service_issue',
      note: 'Outage in November',
    });
    for (const view of views) {
      const english = view.locale === 'en-US';
      const context = await browser.newContext({
        locale: view.locale,
        viewport: { width: view.width, height: 900 },
        ...(english ? {} : { isMobile: true, hasTouch: true }),
      });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      const shot = stepShooter(page, `credit-balance-${view.locale}-${view.width}`);
      await page.goto(`${server.url}/billing/bills`);
      await page.getByLabel(view.email).fill('nancy@northwind.example');
      await page.getByLabel(view.password).fill('tea garden on a rainy hill');
      await page.getByRole('button', { name: view.signIn, exact: true }).click();
      const bar = page.getByTestId('credit-balance');
      await bar.waitFor();
      assert.match(
        (await bar.textContent()) ?? '',
        english ? /Credit balance: \$20\.00/ : /抵用額度：US\$20\.00/,
      );
      await page
        .getByTestId('invoice-row')
        .getByText(english ? 'Paid' : '已付款')
        .waitFor();
      await page
        .getByTestId('credit-note-row')
        .filter({ hasText: english ? 'Added to your credit balance' : '加入您的抵用額度' })
        .waitFor();
      await settled(page);
      await shot('bills');
      assert.deepEqual(await axeProblems(page), []);
      assert.deepEqual(errors, []);
      await context.close();
    }
  });

  it('asks for a reset link in English and is told the same whether or not the account exists', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const shot = stepShooter(page, 'forgot-password-en-US');
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await page.getByLabel('Email').fill('nobody@example.com');
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByText('If an account uses that email address').waitFor();
    await shot('sent');
    await page.getByRole('link', { name: 'Back to sign in' }).click();
    await page.getByRole('heading', { name: 'Sign in to the Settle admin center' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('cancels a subscription at the end of its term and reactivates it, in Traditional Chinese', async () => {
    const context = await browser.newContext({ locale: 'zh-TW', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const shot = stepShooter(page, 'cancel-reactivate-zh-TW');
    await page.goto(server.url);
    await page.getByLabel('電子郵件').fill('kevin@contoso.tw');
    await page.getByLabel('密碼').fill('settle-demo');
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await page.getByRole('link', { name: 'Contoso Defender for Business' }).click();
    await page.getByRole('button', { name: '取消訂閱' }).click();
    const cancel = page.getByRole('dialog', { name: '取消訂閱' });
    await cancel.getByRole('radio', { name: /於期間結束時/ }).check();
    await shot('cancel-dialog');
    await cancel.getByRole('button', { name: '取消訂閱' }).click();
    await page.getByTestId('ends-on').waitFor();
    await cancel.waitFor({ state: 'hidden' });
    assert.match(
      (await page.getByTestId('ends-on').textContent()) ?? '',
      /已取消：此訂閱將於.+結束，且不會續訂。/,
    );
    await shot('canceled');
    await page.getByRole('button', { name: '重新啟用此訂閱' }).click();
    const reactivate = page.getByRole('dialog', { name: '重新啟用此訂閱' });
    await reactivate.getByText(/將如往常於.+續訂。/).waitFor();
    await reactivate.getByRole('button', { name: '重新啟用此訂閱' }).click();
    await page.getByRole('button', { name: '取消訂閱' }).waitFor();
    await reactivate.waitFor({ state: 'hidden' });
    assert.equal(await page.getByTestId('ends-on').count(), 0);
    await shot('reactivated');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a Global admin invites a user and changes a role on Users and roles, in Traditional Chinese', async () => {
    const context = await browser.newContext({ locale: 'zh-TW', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const shot = stepShooter(page, 'users-and-roles-zh-TW');
    await page.goto(server.url);
    await page.getByLabel('電子郵件').fill('mei@contoso.tw');
    await page.getByLabel('密碼').fill('settle-demo');
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await page.getByRole('navigation').getByRole('link', { name: '使用者與角色' }).click();
    await page.getByRole('heading', { name: '使用者與角色', level: 1 }).waitFor();
    await page.getByRole('button', { name: '邀請使用者' }).click();
    const invite = page.getByRole('dialog', { name: '邀請使用者' });
    await invite.getByLabel('名稱').fill('陳小芳');
    await invite.getByLabel('電子郵件').fill('chen@contoso.tw');
    await invite.getByRole('button', { name: '邀請使用者' }).click();
    await invite.getByTestId('invitation-link').waitFor();
    assert.match(await invite.getByTestId('invitation-link').inputValue(), /\/accept-invitation#token=/);
    await shot('invitation-link');
    await invite.getByRole('button', { name: '完成' }).click();
    await invite.waitFor({ state: 'hidden' });
    const row = page.getByTestId('user-row').filter({ hasText: '陳小芳' });
    await row.getByText('已邀請').waitFor();
    await page.getByRole('combobox', { name: '角色: 王小明' }).selectOption('billing_admin');
    await page.waitForFunction(() => {
      const select = document.querySelector('select[aria-label="角色: 王小明"]') as HTMLSelectElement | null;
      return select?.value === 'billing_admin' && !select.disabled;
    });
    await shot('users');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
