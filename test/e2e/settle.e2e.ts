import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { setupBrowserSuite, stepShooter, watchPageErrors } from './browser.js';

const suite = setupBrowserSuite();

async function signIn(page: Page, email: string, submitLabel: string) {
  await page.goto(suite.server.url);
  await page.getByLabel(/Email|電子郵件/).fill(email);
  await page.getByLabel(/Password|密碼/).fill('settle-demo');
  await page.getByRole('button', { name: submitLabel }).click();
}

async function newPage(locale: string) {
  const context = await suite.browser.newContext({ locale, viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  return { page, errors, close: () => context.close() };
}

describe('Settle balance in the browser', () => {
  // First, while every demo balance is still unpaid.
  it('a Global reader sees the balance but cannot pay', async () => {
    const { page, close } = await newPage('zh-TW');
    const shot = stepShooter(page, 'reader-zh-TW');
    await signIn(page, 'reader@fabrikam.com', '登入');
    await page.getByRole('link', { name: 'Contoso Workplace Business Premium' }).click();
    await page.getByRole('button', { name: '結算餘額' }).click();
    const drawer = page.getByRole('dialog', { name: '結清未付餘額' });
    await drawer.getByText('您的角色可以檢視帳單，但無法付款').waitFor();
    assert.equal(await drawer.getByRole('button', { name: '儲存' }).isDisabled(), true);
    await shot('read-only');
    await close();
  });

  it('a non-owner admin switches to zh-TW, adds a new card, saves, and sees the subscription back in good standing', async () => {
    const { page, errors, close } = await newPage('en-US');
    const shot = stepShooter(page, 'non-owner-zh-TW');
    await signIn(page, 'kevin@contoso.tw', 'Sign in');
    await page.getByRole('heading', { name: 'Your products' }).waitFor();
    await shot('products-en-US');

    await page.getByRole('combobox', { name: 'Language' }).click();
    await page.getByRole('option', { name: '中文 (台灣)' }).click();
    await page.getByRole('heading', { name: '您的產品' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: '您的產品' }).click();
    await shot('products-zh-TW');

    await page.getByRole('link', { name: 'Contoso Workplace Business Premium' }).click();
    await page.getByText('有逾期款項的訂閱').waitFor();
    await shot('subscription-past-due');

    await page.getByRole('button', { name: '結算餘額' }).click();
    const drawer = page.getByRole('dialog', { name: '結清未付餘額' });
    await drawer.waitFor();
    assert.equal(await drawer.getByTestId('settle-amount').textContent(), 'NT$33,000');
    // Kevin does not own Mei's card: he is told so and offered no way to edit it.
    await drawer.getByTestId('not-owner-note').waitFor();
    assert.equal(await drawer.getByRole('button', { name: '變更卡片到期日' }).count(), 0);
    // The card is expired: Save waits for another card instead of sending a doomed charge.
    assert.equal(await drawer.getByTestId('settle-save').isDisabled(), true);
    await shot('settle-panel');

    await drawer.getByRole('radio', { name: '新增卡片' }).check();
    await drawer.getByLabel('卡號').fill('4242424242424242');
    await drawer.getByLabel('到期日（MM/YY）').fill(`12/${(new Date().getFullYear() + 3) % 100}`);
    await drawer.getByLabel('安全碼（CVC）').fill('123');
    await drawer.getByLabel('持卡人姓名').fill('林志豪');
    await shot('new-card-filled');
    await drawer.getByRole('button', { name: '儲存' }).click();

    const confirmation = page.getByTestId('settled-confirmation');
    await confirmation.waitFor();
    const confirmed = (await confirmation.textContent()) ?? '';
    assert.match(confirmed, /^已收到付款/);
    assert.match(confirmed, /從 Visa 末四碼 4242 收取 NT\$33,000。/);
    await page.getByTestId('status-badge').filter({ hasText: '作用中' }).waitFor();
    assert.equal(await page.getByText('有逾期款項的訂閱').count(), 0);
    assert.equal(await page.getByTestId('payment-method').textContent(), 'Visa 末四碼 4242');
    await shot('settled');

    await page.getByRole('button', { name: '變更授權數量' }).click();
    const licenses = page.getByRole('dialog', { name: '變更授權數量' });
    await licenses.getByTestId('licenses-input').fill('30');
    await licenses.getByTestId('licenses-preview').filter({ hasText: '新增 5 個授權' }).waitFor();
    await shot('add-licenses');
    await licenses.getByRole('button', { name: '儲存' }).click();
    await page.getByText('30 個授權').waitFor();

    await page.getByRole('button', { name: '您的產品' }).first().click();
    await page.getByRole('heading', { name: '您的產品' }).waitFor();
    await shot('products-after');
    assert.deepEqual(errors, []);
    await close();
  });

  it('the card owner changes the expiration date of their card and settles', async () => {
    const { page, errors, close } = await newPage('en-US');
    const shot = stepShooter(page, 'owner-en-US');
    await signIn(page, 'mei@contoso.tw', 'Sign in');
    // Bills & payments is read first, so the app holds the list the settlement must refresh.
    await page.getByRole('navigation').getByRole('link', { name: 'Bills & payments' }).click();
    await page.getByRole('row').filter({ hasText: 'INV-1003' }).filter({ hasText: 'Unpaid' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Your products' }).click();
    await page.getByRole('link', { name: 'Contoso Teams Phone' }).click();
    await page.getByText('Subscription has a past due payment').waitFor();
    await shot('subscription-past-due');
    await page.getByRole('button', { name: 'Settle balance' }).click();
    const drawer = page.getByRole('dialog', { name: 'Settle an outstanding balance' });
    await drawer.getByText('Added by you, the credit card owner').waitFor();
    await shot('settle-panel');

    await drawer.getByRole('button', { name: 'Change the expiration date' }).click();
    // The years offered start at this one: an expiry already past is not a choice.
    assert.equal(
      await drawer.getByTestId('expiry-year').locator('option').first().textContent(),
      String(new Date().getFullYear()),
    );
    const year = String(new Date().getFullYear() + 2);
    await drawer.getByTestId('expiry-year').selectOption(year);
    await drawer.getByTestId('expiry-month').selectOption('6');
    await shot('expiry-changed');
    await drawer.getByRole('button', { name: 'Save' }).click();

    const confirmation = page.getByTestId('settled-confirmation');
    await confirmation.waitFor();
    assert.match(
      (await confirmation.textContent()) ?? '',
      /Payment received.*NT\$1,300.*Visa ending in 4242/,
    );
    await page.getByTestId('status-badge').filter({ hasText: 'Active' }).waitFor();
    await shot('settled');
    // Without a reload, Bills & payments shows the invoice paid.
    await page.getByRole('navigation').getByRole('link', { name: 'Bills & payments' }).click();
    await page.getByRole('row').filter({ hasText: 'INV-1003' }).filter({ hasText: 'Paid' }).waitFor();
    await page.goBack();

    await page.getByRole('button', { name: 'Edit billing frequency' }).click();
    const settings = page.getByRole('dialog', { name: 'Edit billing frequency' });
    await settings.getByRole('radio', { name: 'Annual' }).check();
    // 5 licenses × NT$3,120 a year: the preview shows it before anything is saved.
    await settings.getByTestId('renewal-preview').filter({ hasText: 'NT$15,600' }).waitFor();
    await shot('annual-preview');
    await settings.getByRole('button', { name: 'Save' }).click();
    await page.getByText('NT$15,600 per year').waitFor();
    assert.deepEqual(errors, []);
    await close();
  });

  it('a declined card shows the reason and changes nothing; another card then pays', async () => {
    const { page, errors, close } = await newPage('en-US');
    const shot = stepShooter(page, 'decline-en-US');
    await signIn(page, 'sam@fabrikam.com', 'Sign in');
    await page.getByRole('link', { name: 'Contoso Workplace Business Premium' }).click();
    await page.getByRole('button', { name: 'Settle balance' }).click();
    const drawer = page.getByRole('dialog', { name: 'Settle an outstanding balance' });
    assert.equal(await drawer.getByTestId('settle-amount').textContent(), '$528.00');
    await drawer.getByRole('radio', { name: 'Add a new card' }).check();
    await drawer.getByLabel('Card number').fill('4000 0000 0000 0002');
    await drawer.getByLabel('Expiration (MM/YY)').fill('11/30');
    await drawer.getByLabel('Security code (CVC)').fill('321');
    await drawer.getByLabel('Name on card').fill('Sam Rivera');
    await drawer.getByRole('button', { name: 'Save' }).click();
    const error = drawer.getByTestId('settle-error');
    await error.waitFor();
    assert.match(
      (await error.textContent()) ?? '',
      /Your payment was declined.*Reason: declined by the card issuer/,
    );
    await shot('declined');

    await drawer.getByRole('radio', { name: /Visa ending in 4242/ }).check();
    await drawer.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('settled-confirmation').waitFor();
    await shot('settled-with-other-card');
    assert.deepEqual(errors, []);
    await close();
  });
});
