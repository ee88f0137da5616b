import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  axeProblems,
  clippedInDialogs,
  settled,
  setupBrowserSuite,
  stepShooter,
  watchPageErrors,
} from './browser.js';

const suite = setupBrowserSuite();

// An admin who got the "payment declined" email on their phone pays with a new card there: every
// mistake the form can see is shown at once, at its field, and nothing is charged until it is right.
const languages = [
  {
    locale: 'en-US',
    admin: 'sam@fabrikam.com',
    product: 'Contoso Workplace Business Premium',
    email: 'Email',
    password: 'Password',
    signIn: 'Sign in',
    products: 'Your products',
    settle: 'Settle balance',
    drawer: 'Settle an outstanding balance',
    pastDue: 'Subscription has a past due payment',
    addNewCard: 'Add a new card',
    number: 'Card number',
    expiry: 'Expiration (MM/YY)',
    cvc: 'Security code (CVC)',
    name: 'Name on card',
    save: 'Save',
    required: 'Required',
    numberInvalid: 'The card number isn’t valid. Check it and try again.',
    expired: 'This card has expired. Enter a later expiration date or use another card.',
    cvcInvalid: 'Enter the 3- or 4-digit security code (CVC).',
    active: 'Active',
  },
  {
    locale: 'zh-TW',
    admin: 'kevin@contoso.tw',
    product: 'Contoso Teams Phone',
    email: '電子郵件',
    password: '密碼',
    signIn: '登入',
    products: '您的產品',
    settle: '結算餘額',
    drawer: '結清未付餘額',
    pastDue: '有逾期款項的訂閱',
    addNewCard: '新增卡片',
    number: '卡號',
    expiry: '到期日（MM/YY）',
    cvc: '安全碼（CVC）',
    name: '持卡人姓名',
    save: '儲存',
    required: '必填',
    numberInvalid: '卡號無效。請檢查後再試一次。',
    expired: '此卡片已過期。請輸入較晚的到期日，或改用其他卡片。',
    cvcInvalid: '請輸入 3 或 4 位數的安全碼（CVC）。',
    active: '作用中',
  },
] as const;

const phone = { width: 390, height: 844 };

/** Nothing is wider than the phone: no sideways scrolling to reach a field or Save, nothing cut off. */
const fitsThePhone = async (page: Page) =>
  (await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)) &&
  (await clippedInDialogs(page)).length === 0;

/** The four fields' invalid flags, in the form's order. */
const invalidFlags = (fields: Locator[]) =>
  Promise.all(fields.map((field) => field.getAttribute('aria-invalid')));

describe('a new card on a phone', () => {
  for (const language of languages) {
    it(`every mistake is shown at once at its field, then the card pays the balance (${language.locale})`, async () => {
      const context = await suite.browser.newContext({ locale: language.locale, viewport: phone });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      const shot = stepShooter(page, `new-card-phone-${language.locale}`);
      await page.goto(suite.server.url);
      await page.getByLabel(language.email).fill(language.admin);
      await page.getByLabel(language.password).fill('settle-demo');
      await page.getByRole('button', { name: language.signIn, exact: true }).click();
      await page.getByRole('heading', { name: language.products }).waitFor();
      await page.getByRole('link', { name: language.product }).click();
      await page.getByText(language.pastDue).waitFor();

      await page.getByRole('button', { name: language.settle }).click();
      const drawer = page.getByRole('dialog', { name: language.drawer });
      await drawer.waitFor();
      await drawer.getByRole('radio', { name: language.addNewCard }).check();
      const fields = [language.number, language.expiry, language.cvc, language.name].map((label) =>
        drawer.getByLabel(label),
      );
      const save = drawer.getByRole('button', { name: language.save });

      // Save with nothing typed: all four fields say so, at once.
      await save.click();
      await drawer.getByText(language.required).nth(3).waitFor();
      assert.equal(await drawer.getByText(language.required).count(), 4);
      assert.deepEqual(await invalidFlags(fields), ['true', 'true', 'true', 'true']);
      assert.ok(await fitsThePhone(page), 'the drawer fits the phone with its messages');
      await settled(page);
      assert.deepEqual(await axeProblems(page), []);
      await shot('all-required');

      // A mistyped number, an expired date and a short code: three messages in one try.
      const [number, expiry, cvc, name] = fields as [Locator, Locator, Locator, Locator];
      await number.fill('4242 4242 4242 4241');
      await expiry.fill('01/20');
      await cvc.fill('12');
      await name.fill(language.locale === 'zh-TW' ? '林志豪' : 'Sam Lee');
      await save.click();
      await drawer.getByText(language.cvcInvalid).waitFor();
      await drawer.getByText(language.numberInvalid).waitFor();
      await drawer.getByText(language.expired).waitFor();
      assert.deepEqual(await invalidFlags(fields), ['true', 'true', 'true', null]);
      await shot('three-mistakes');
      // Nothing was sent: the balance is still owed.
      assert.equal(await page.getByText(language.pastDue).count(), 1);

      await number.fill('4242 4242 4242 4242');
      await expiry.fill(`12/${(new Date().getFullYear() + 3) % 100}`);
      await cvc.fill('123');
      await save.scrollIntoViewIfNeeded();
      const box = await save.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= phone.width, 'Save is on screen');
      await shot('corrected');
      await save.click();
      await page.getByTestId('settled-confirmation').waitFor();
      await page.getByTestId('status-badge').filter({ hasText: language.active }).waitFor();
      assert.equal(await page.getByText(language.pastDue).count(), 0);
      assert.ok(await fitsThePhone(page));
      await shot('settled');
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});
