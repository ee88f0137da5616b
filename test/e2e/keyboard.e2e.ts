import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { setupBrowserSuite, watchPageErrors } from './browser.js';

const suite = setupBrowserSuite();

async function signedIn(locale: 'en-US' | 'zh-TW', viewport = { width: 1366, height: 900 }) {
  const context = await suite.browser.newContext({ locale, viewport });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(suite.server.url);
  await page.getByLabel(/Email|電子郵件/).fill(locale === 'zh-TW' ? 'mei@contoso.tw' : 'alex@fabrikam.com');
  await page.getByLabel(/Password|密碼/).fill('settle-demo');
  await page.getByRole('button', { name: locale === 'zh-TW' ? '登入' : 'Sign in' }).click();
  await page.getByRole('heading', { name: locale === 'zh-TW' ? '您的產品' : 'Your products' }).waitFor();
  return { page, errors, close: () => context.close() };
}

/** The accessible name of whatever has focus now. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return element?.getAttribute('aria-label') ?? element?.textContent?.trim() ?? '';
  });

describe('keyboard and screen reader', () => {
  it('focus returns to the button that opened a drawer or a dialog when it closes (en-US)', async () => {
    const { page, errors, close } = await signedIn('en-US');
    await page.locator('main a[href^="/billing/products/"]').first().click();
    const settle = page.getByRole('button', { name: 'Settle balance' });
    await settle.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Settle balance');
    assert.equal(await focused(page), 'Settle balance');

    const licenses = page.getByRole('button', { name: 'Change licenses' });
    await licenses.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Change licenses');
    assert.deepEqual(errors, []);
    await close();
  });

  it('the browser’s Back closes the settle drawer instead of leaving the page; a reload opens it again (zh-TW)', async () => {
    const { page, errors, close } = await signedIn('zh-TW');
    await page.locator('main a[href^="/billing/products/"]').first().click();
    await page.getByRole('button', { name: '結算餘額' }).click();
    const drawer = page.getByRole('dialog', { name: '結清未付餘額' });
    await drawer.waitFor();
    const subscriptionPath = new URL(page.url()).pathname;
    assert.equal(new URL(page.url()).searchParams.get('settle'), '1');
    await page.reload();
    await drawer.waitFor();
    await page.goBack();
    await drawer.waitFor({ state: 'detached' });
    assert.equal(new URL(page.url()).pathname, subscriptionPath);
    await page.getByText('有逾期款項的訂閱').waitFor();
    // Opened and closed with its own button, the drawer leaves no step behind in the history.
    await page.getByRole('button', { name: '結算餘額' }).click();
    await drawer.waitFor();
    await drawer.getByRole('button', { name: '取消' }).click();
    await drawer.waitFor({ state: 'detached' });
    assert.equal(new URL(page.url()).search, '');
    assert.deepEqual(errors, []);
    await close();
  });

  it('after signing in, the address is the page asked for (or Your products from /sign-in), never /sign-in (en-US)', async () => {
    const context = await suite.browser.newContext({
      locale: 'en-US',
      viewport: { width: 1366, height: 900 },
    });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const signIn = async () => {
      await page.getByLabel('Email').fill('alex@fabrikam.com');
      await page.getByLabel('Password').fill('settle-demo');
      await page.getByRole('button', { name: 'Sign in' }).click();
    };
    await page.goto(`${suite.server.url}/billing/bills`);
    await signIn();
    await page.getByRole('heading', { name: 'Bills & payments' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/billing/bills');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${suite.server.url}/sign-in`);
    await signIn();
    await page.getByRole('heading', { name: 'Your products' }).waitFor();
    await page.waitForURL(/\/billing\/products$/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('navigation items are links: Ctrl-click opens the page in a new tab (zh-TW), and the menu gives focus back', async () => {
    const { page, errors, close } = await signedIn('zh-TW');
    const bills = page.getByRole('navigation').getByRole('link', { name: '帳單與付款' });
    assert.equal(await bills.getAttribute('href'), '/billing/bills');
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      bills.click({ modifiers: ['Control'] }),
    ]);
    await tab.getByRole('heading', { name: '帳單與付款' }).waitFor();
    // The page itself did not move.
    assert.equal(new URL(page.url()).pathname, '/');
    await bills.click();
    await page.getByRole('heading', { name: '帳單與付款' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/billing/bills');
    // The language picker speaks the page's language, down to its hidden clear button.
    const labels = await page.evaluate(() =>
      [...document.querySelectorAll('[aria-label]')].map(
        (element) => element.getAttribute('aria-label') ?? '',
      ),
    );
    assert.deepEqual(
      labels.filter((label) => /^[A-Za-z][A-Za-z ]+$/.test(label)),
      [],
      'an English label on the zh-TW page',
    );
    assert.deepEqual(errors, []);
    await close();
  });

  it('on a phone the menu button opens the navigation, Escape closes it and focus is back on the button', async () => {
    const { page, errors, close } = await signedIn('zh-TW', { width: 390, height: 844 });
    const menu = page.getByRole('button', { name: '功能表' });
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    await menu.focus();
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog', { name: '功能表' });
    await drawer.waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === '功能表');
    // A link in the menu navigates and closes it.
    await menu.click();
    await drawer.getByRole('link', { name: '付款方式' }).click();
    await page.getByRole('heading', { name: '付款方式' }).waitFor();
    await drawer.waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
    await close();
  });
});
