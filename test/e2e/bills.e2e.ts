import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { setupBrowserSuite, stepShooter, watchPageErrors } from './browser.js';

const suite = setupBrowserSuite();

describe('Bills & payments in the browser', () => {
  it('downloads an invoice PDF in Traditional Chinese and pays an invoice with Pay now', async () => {
    const context = await suite.browser.newContext({
      locale: 'zh-TW',
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const shot = stepShooter(page, 'bills-zh-TW');
    await page.goto(suite.server.url);
    await page.getByLabel('電子郵件').fill('mei@contoso.tw');
    await page.getByLabel('密碼').fill('settle-demo');
    await page.getByRole('button', { name: '登入' }).click();
    await page.getByRole('navigation').getByRole('link', { name: '帳單與付款' }).click();
    await page.getByRole('heading', { name: '帳單與付款' }).waitFor();
    await page.getByTestId('invoice-row').first().waitFor();
    assert.equal(await page.getByTestId('invoice-row').count(), 3);
    await shot('bills');

    const firstRow = page.getByTestId('invoice-row').first();
    const number = (await firstRow.getByRole('cell').first().textContent()) ?? '';
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      firstRow.getByRole('link', { name: '下載 PDF' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `${number}.pdf`);
    const text = execFileSync('pdftotext', ['-layout', (await download.path()) ?? '', '-']).toString();
    assert.match(text, /發票/);
    assert.ok(text.includes(number), `the PDF names invoice ${number}`);
    assert.match(text, /康拓科技股份有限公司/);
    assert.match(text, /應付金額：NT\$/);

    const phoneRow = page.getByTestId('invoice-row').filter({ hasText: 'Contoso Teams Phone' });
    await phoneRow.getByRole('button', { name: '立即付款' }).click();
    const drawer = page.getByRole('dialog', { name: '結清未付餘額' });
    assert.equal(await drawer.getByTestId('settle-amount').textContent(), 'NT$1,300');
    await drawer.getByRole('button', { name: '變更卡片到期日' }).click();
    // The years offered start at this one, in Chinese as in English.
    assert.equal(
      await drawer.getByTestId('expiry-year').locator('option').first().textContent(),
      String(new Date().getFullYear()),
    );
    await drawer.getByTestId('expiry-year').selectOption(String(new Date().getFullYear() + 3));
    await shot('pay-now');
    await drawer.getByRole('button', { name: '儲存' }).click();
    await page.getByTestId('bill-paid').waitFor();
    await phoneRow.getByTestId('invoice-status').filter({ hasText: '已付款' }).waitFor();
    await shot('paid');

    await page.getByTestId('bills-status').selectOption('open');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=invoice-row]').length === 2);
    await shot('filtered-unpaid');

    await page.getByRole('navigation').getByRole('link', { name: '帳單通知' }).click();
    await page.getByTestId('message').filter({ hasText: 'Contoso Teams Phone 付款失敗' }).waitFor();
    await shot('notifications');
    await page.getByRole('navigation').getByRole('link', { name: '稽核記錄' }).click();
    await page.getByTestId('audit-row').filter({ hasText: '結清未付餘額' }).first().waitFor();
    await page.getByTestId('audit-row').filter({ hasText: '變更卡片到期日' }).first().waitFor();
    await shot('audit-log');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('adds a payment method and replaces it on all subscriptions; another admin’s card offers no Edit', async () => {
    const context = await suite.browser.newContext({
      locale: 'zh-TW',
      viewport: { width: 1366, height: 900 },
    });
    const page = await context.newPage();
    const shot = stepShooter(page, 'payment-methods-zh-TW');
    await page.goto(suite.server.url);
    await page.getByLabel('電子郵件').fill('kevin@contoso.tw');
    await page.getByLabel('密碼').fill('settle-demo');
    await page.getByRole('button', { name: '登入' }).click();
    await page.getByRole('navigation').getByRole('link', { name: '付款方式' }).click();
    await page.getByRole('heading', { name: '付款方式' }).waitFor();
    await page.getByTestId('card-row').first().waitFor();
    await shot('cards');

    const meiRow = page.getByTestId('card-row').filter({ hasText: '陳美玲' });
    await meiRow.getByRole('button', { name: '其他動作' }).click();
    await page.getByRole('menuitem', { name: '取代付款方式' }).waitFor();
    assert.equal(await page.getByRole('menuitem', { name: '編輯' }).count(), 0);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: '新增付款方式' }).click();
    const dialog = page.getByRole('dialog', { name: '新增付款方式' });
    // Every mistake at once, each at its field: not one per try.
    await dialog.getByLabel('卡號').fill('5555 5555 5555 4445');
    await dialog.getByLabel('到期日（MM/YY）').fill('01/20');
    await dialog.getByLabel('安全碼（CVC）').fill('45');
    await dialog.getByRole('button', { name: '儲存' }).click();
    for (const message of [
      '卡號無效。請檢查後再試一次。',
      '此卡片已過期。請輸入較晚的到期日，或改用其他卡片。',
      '請輸入 3 或 4 位數的安全碼（CVC）。',
      '必填',
    ])
      await dialog.getByText(message).waitFor();
    await shot('card-form-mistakes');
    await dialog.getByLabel('卡號').fill('5555 5555 5555 4444');
    await dialog.getByLabel('到期日（MM/YY）').fill('09/31');
    await dialog.getByLabel('安全碼（CVC）').fill('456');
    await dialog.getByLabel('持卡人姓名').fill('林志豪');
    await dialog.getByRole('button', { name: '儲存' }).click();
    const newRow = page.getByTestId('card-row').filter({ hasText: '09/2031' });
    await newRow.waitFor();
    await newRow.getByRole('button', { name: '其他動作' }).click();
    await page.getByRole('menuitem', { name: '取代付款方式' }).click();
    const replace = page.getByRole('dialog', { name: '取代付款方式' });
    await replace.getByRole('radio', { name: '取代所有項目的付款方式' }).check();
    await replace.getByRole('button', { name: '儲存' }).click();
    await newRow.getByText('4 個訂閱').waitFor();
    await shot('replaced-for-all');
    await context.close();
  });

  it('the API docs render under their own content security policy', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await page.goto(`${suite.server.url}/docs`);
    await page.getByText('Settle API').first().waitFor();
    await page.getByText('/api/subscriptions/{subscriptionId}/settle').first().waitFor();
    await stepShooter(page, 'api-docs')('docs');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
