import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupBrowserSuite, stepShooter, watchPageErrors } from './browser.js';

// A slow processor (every charge takes 2 s): while a payment is processing, the admin cannot change
// the card under it, nor close the panel, nor send it twice.
const suite = setupBrowserSuite({ SETTLE_SANDBOX_FAULT: 'latency:2000' });

const languages = [
  {
    locale: 'zh-TW',
    admin: 'mei@contoso.tw',
    words: { email: '電子郵件', password: '密碼', signIn: '登入' },
    product: 'Contoso Teams Phone',
    card: /Mastercard 末四碼 4444/,
    settle: '結算餘額',
    drawer: '結清未付餘額',
    save: '儲存',
    cancel: '取消',
    processing: '正在處理付款…',
    active: '作用中',
  },
  {
    locale: 'en-US',
    admin: 'sam@fabrikam.com',
    words: { email: 'Email', password: 'Password', signIn: 'Sign in' },
    product: 'Contoso Workplace Business Premium',
    card: /Visa ending in 4242/,
    settle: 'Settle balance',
    drawer: 'Settle an outstanding balance',
    save: 'Save',
    cancel: 'Cancel',
    processing: 'Processing payment…',
    active: 'Active',
  },
] as const;

describe('Settle balance while the processor is slow', () => {
  for (const language of languages) {
    it(`${language.locale}: the card choices, Save and Cancel are disabled until the payment has an answer`, async () => {
      const context = await suite.browser.newContext({
        locale: language.locale,
        viewport: { width: 1366, height: 900 },
      });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      const shot = stepShooter(page, `settle-slow-${language.locale}`);
      await page.goto(suite.server.url);
      await page.getByLabel(language.words.email).fill(language.admin);
      await page.getByLabel(language.words.password).fill('settle-demo');
      await page.getByRole('button', { name: language.words.signIn }).click();
      await page.getByRole('link', { name: language.product }).click();
      await page.getByRole('button', { name: language.settle }).click();
      const drawer = page.getByRole('dialog', { name: language.drawer });
      await drawer.getByRole('radio', { name: language.card }).check();
      await drawer.getByRole('button', { name: language.save }).click();

      await drawer.getByText(language.processing).waitFor();
      for (const radio of await drawer.getByRole('radio').all()) assert.equal(await radio.isDisabled(), true);
      assert.equal(await drawer.getByRole('button', { name: language.cancel }).isDisabled(), true);
      await shot('processing');

      await page.getByTestId('settled-confirmation').waitFor();
      await page.getByTestId('status-badge').filter({ hasText: language.active }).waitFor();
      await shot('settled');
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});
