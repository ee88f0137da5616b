import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupBrowserSuite, stepShooter, watchPageErrors } from './browser.js';

// A slow processor (every charge takes 2 s): while a payment is processing, the admin cannot change
// the card under it, nor close the panel, nor send it twice.
const suite = setupBrowserSuite({ SETTLE_SANDBOX_FAULT: 'latency:2000' });

describe('Settle balance while the processor is slow', () => {
  it('zh-TW: the card choices, Save and Cancel are disabled until the payment has an answer', async () => {
    const context = await suite.browser.newContext({
      locale: 'zh-TW',
      viewport: { width: 1366, height: 900 },
    });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const shot = stepShooter(page, 'settle-slow-zh-TW');
    await page.goto(suite.server.url);
    await page.getByLabel('電子郵件').fill('mei@contoso.tw');
    await page.getByLabel('密碼').fill('settle-demo');
    await page.getByRole('button', { name: '登入' }).click();
    await page.getByRole('link', { name: 'Contoso Teams Phone' }).click();
    await page.getByRole('button', { name: '結算餘額' }).click();
    const drawer = page.getByRole('dialog', { name: '結清未付餘額' });
    await drawer.getByRole('radio', { name: /Mastercard 末四碼 4444/ }).check();
    await drawer.getByRole('button', { name: '儲存' }).click();

    await drawer.getByText('正在處理付款…').waitFor();
    for (const radio of await drawer.getByRole('radio').all()) assert.equal(await radio.isDisabled(), true);
    assert.equal(await drawer.getByRole('button', { name: '取消' }).isDisabled(), true);
    await shot('processing');

    await page.getByTestId('settled-confirmation').waitFor();
    await page.getByTestId('status-badge').filter({ hasText: '作用中' }).waitFor();
    await shot('settled');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
