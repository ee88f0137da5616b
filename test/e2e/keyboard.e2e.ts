import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { setupBrowserSuite, watchPageErrors } from './browser.js';

const suite = setupBrowserSuite();

// Each language through an organization that speaks it, with the words a person would look for.
const languages = [
  {
    locale: 'en-US',
    admin: 'alex@fabrikam.com',
    email: 'Email',
    password: 'Password',
    signIn: 'Sign in',
    signOut: 'Sign out',
    products: 'Your products',
    bills: 'Bills & payments',
    methods: 'Payment methods',
    settle: 'Settle balance',
    drawer: 'Settle an outstanding balance',
    pastDue: 'Subscription has a past due payment',
    cancel: 'Cancel',
    licenses: 'Change licenses',
    menu: 'Menu',
  },
  {
    locale: 'zh-TW',
    admin: 'mei@contoso.tw',
    email: '電子郵件',
    password: '密碼',
    signIn: '登入',
    signOut: '登出',
    products: '您的產品',
    bills: '帳單與付款',
    methods: '付款方式',
    settle: '結算餘額',
    drawer: '結清未付餘額',
    pastDue: '有逾期款項的訂閱',
    cancel: '取消',
    licenses: '變更授權數量',
    menu: '功能表',
  },
] as const;

type Language = (typeof languages)[number];

async function newPage(language: Language, viewport = { width: 1366, height: 900 }) {
  const context = await suite.browser.newContext({ locale: language.locale, viewport });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const signIn = async () => {
    await page.getByLabel(language.email).fill(language.admin);
    await page.getByLabel(language.password).fill('settle-demo');
    await page.getByRole('button', { name: language.signIn, exact: true }).click();
  };
  return { page, errors, signIn, close: () => context.close() };
}

async function signedIn(language: Language, viewport?: { width: number; height: number }) {
  const opened = await newPage(language, viewport);
  await opened.page.goto(suite.server.url);
  await opened.signIn();
  await opened.page.getByRole('heading', { name: language.products }).waitFor();
  return opened;
}

/** Waits until the control with this accessible name (aria-label or text) has focus. */
const focusReturnsTo = (page: Page, name: string) =>
  page.waitForFunction((expected) => {
    const element = document.activeElement as HTMLElement | null;
    return (element?.getAttribute('aria-label') ?? element?.textContent?.trim()) === expected;
  }, name);

describe('keyboard and screen reader', () => {
  for (const language of languages) {
    it(`focus returns to the button that opened a drawer or a dialog when it closes (${language.locale})`, async () => {
      const { page, errors, close } = await signedIn(language);
      await page.locator('main a[href^="/billing/products/"]').first().click();
      for (const opener of [language.settle, language.licenses]) {
        await page.getByRole('button', { name: opener }).focus();
        await page.keyboard.press('Enter');
        await page.getByRole('dialog').waitFor();
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'detached' });
        await focusReturnsTo(page, opener);
      }
      assert.deepEqual(errors, []);
      await close();
    });

    it(`the browser’s Back closes the settle drawer instead of leaving the page; a reload opens it again (${language.locale})`, async () => {
      const { page, errors, close } = await signedIn(language);
      await page.locator('main a[href^="/billing/products/"]').first().click();
      await page.getByRole('button', { name: language.settle }).click();
      const drawer = page.getByRole('dialog', { name: language.drawer });
      await drawer.waitFor();
      const subscriptionPath = new URL(page.url()).pathname;
      assert.equal(new URL(page.url()).searchParams.get('settle'), '1');
      await page.reload();
      await drawer.waitFor();
      await page.goBack();
      await drawer.waitFor({ state: 'detached' });
      assert.equal(new URL(page.url()).pathname, subscriptionPath);
      await page.getByText(language.pastDue).waitFor();
      // Opened and closed with its own button, the drawer leaves no step behind in the history.
      await page.getByRole('button', { name: language.settle }).click();
      await drawer.waitFor();
      await drawer.getByRole('button', { name: language.cancel }).click();
      await drawer.waitFor({ state: 'detached' });
      assert.equal(new URL(page.url()).search, '');
      assert.deepEqual(errors, []);
      await close();
    });

    it(`after signing in, the address is the page asked for (or Your products from /sign-in), never /sign-in (${language.locale})`, async () => {
      const { page, errors, signIn, close } = await newPage(language);
      await page.goto(`${suite.server.url}/billing/bills`);
      await signIn();
      await page.getByRole('heading', { name: language.bills }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/billing/bills');
      await page.getByRole('button', { name: language.signOut }).click();
      await page.goto(`${suite.server.url}/sign-in`);
      await signIn();
      await page.getByRole('heading', { name: language.products }).waitFor();
      await page.waitForURL(/\/billing\/products$/);
      assert.deepEqual(errors, []);
      await close();
    });

    it(`navigation items are links: Ctrl-click opens the page in a new tab (${language.locale})`, async () => {
      const { page, errors, close } = await signedIn(language);
      const bills = page.getByRole('navigation').getByRole('link', { name: language.bills });
      assert.equal(await bills.getAttribute('href'), '/billing/bills');
      const [tab] = await Promise.all([
        page.context().waitForEvent('page'),
        bills.click({ modifiers: ['Control'] }),
      ]);
      await tab.getByRole('heading', { name: language.bills }).waitFor();
      // The page itself did not move.
      assert.equal(new URL(page.url()).pathname, '/');
      await bills.click();
      await page.getByRole('heading', { name: language.bills }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/billing/bills');
      assert.deepEqual(errors, []);
      await close();
    });

    it(`on a phone the menu button opens the navigation, Escape gives focus back to it, a link closes it (${language.locale})`, async () => {
      const { page, errors, close } = await signedIn(language, { width: 390, height: 844 });
      const menu = page.getByRole('button', { name: language.menu });
      assert.equal(await menu.getAttribute('aria-expanded'), 'false');
      await menu.focus();
      await page.keyboard.press('Enter');
      const drawer = page.getByRole('dialog', { name: language.menu });
      await drawer.waitFor();
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });
      await focusReturnsTo(page, language.menu);
      await menu.click();
      await drawer.getByRole('link', { name: language.methods }).click();
      await page.getByRole('heading', { name: language.methods }).waitFor();
      await drawer.waitFor({ state: 'detached' });
      assert.deepEqual(errors, []);
      await close();
    });
  }
});
