import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { axeProblems, setupBrowserSuite, stepShooter, watchPageErrors } from './browser.js';

const suite = setupBrowserSuite();

// The admin center's rough edges a Taiwanese admin noticed (issue 27), each checked where it showed.

/**
 * Every status pill on the page keeps its words on one line. The pill keeps its height when its words
 * wrap (they spill out of it), so the words' own lines are counted.
 */
async function wrappedBadges(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="status-badge"], [data-testid="due-badge"]', (badges) =>
    badges
      .map((badge) => {
        const range = document.createRange();
        range.selectNodeContents(badge);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
        return { text: badge.textContent ?? '', lines };
      })
      .filter((badge) => badge.lines > 1)
      .map((badge) => `${badge.text} on ${badge.lines} lines`),
  );
}

async function signIn(page: Page, email: string, zh: boolean) {
  await page.goto(suite.server.url);
  await page.getByLabel(zh ? '電子郵件' : 'Email').fill(email);
  await page.getByLabel(zh ? '密碼' : 'Password').fill('settle-demo');
  await page.getByRole('button', { name: zh ? '登入' : 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: zh ? '您的產品' : 'Your products' }).waitFor();
}

describe('the admin center, finished', () => {
  it('keeps 作用中 and the other statuses on one line in their pills on a phone', async () => {
    const context = await suite.browser.newContext({
      locale: 'zh-TW',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const shot = stepShooter(page, 'polish-badges-zh-TW-390');
    await signIn(page, 'kevin@contoso.tw', true);
    await page.getByTestId('status-badge').first().waitFor();
    assert.deepEqual(await wrappedBadges(page), []);
    await shot('your-products');
    for (const product of [
      'Contoso Workplace Business Standard',
      'Contoso Defender for Business',
      'Contoso Teams Phone',
    ]) {
      await page.getByRole('link', { name: product }).first().click();
      await page.getByRole('heading', { name: product }).waitFor();
      await page.getByTestId('status-badge').first().waitFor();
      assert.deepEqual(await wrappedBadges(page), [], product);
      await shot(product.split(' ').at(-1) ?? 'product');
      await page.goBack();
      await page.getByRole('heading', { name: '您的產品' }).waitFor();
    }
    // The sandbox's test card numbers, in the new-card form's hint, each stay whole on one line.
    await page.getByRole('link', { name: 'Contoso Teams Phone' }).first().click();
    await page.getByRole('button', { name: '結算餘額' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('radio', { name: '新增卡片' }).check();
    const hint = drawer.getByTestId('sandbox-hint');
    await hint.waitFor();
    const brokenNumbers = await hint.evaluate((element) => {
      const text = element.textContent ?? '';
      return [...text.matchAll(/\d{4} \d{4} \d{4} \d{4}/g)].flatMap((match) => {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        let offset = 0;
        const range = document.createRange();
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const length = node.textContent?.length ?? 0;
          const start = (match.index ?? 0) - offset;
          if (start >= 0 && start < length) {
            const end = start + match[0].length;
            if (end > length) return [`${match[0]} spans elements`];
            range.setStart(node, start);
            range.setEnd(node, end);
            const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
            return lines > 1 ? [`${match[0]} on ${lines} lines`] : [];
          }
          offset += length;
        }
        return [];
      });
    });
    assert.deepEqual(brokenNumbers, []);
    await shot('sandbox-hint');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('shows no next billing date for a subscription that will not bill again, in both languages', async () => {
    const views = [
      { zh: true, width: 390 },
      { zh: false, width: 1366 },
    ];
    for (const view of views) {
      const context = await suite.browser.newContext({
        locale: view.zh ? 'zh-TW' : 'en-US',
        viewport: { width: view.width, height: 900 },
        ...(view.zh ? { isMobile: true, hasTouch: true } : {}),
      });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      const shot = stepShooter(page, `polish-next-billing-${view.zh ? 'zh-TW' : 'en-US'}-${view.width}`);
      await signIn(page, 'kevin@contoso.tw', view.zh);
      const open = async (product: string) => {
        await page.goto(suite.server.url);
        await page.getByRole('link', { name: product }).first().click();
        await page.getByRole('heading', { name: product }).waitFor();
      };
      if (view.zh) {
        // Defender canceled at its period's end; Standard canceled now (Disabled).
        await open('Contoso Defender for Business');
        await page.getByRole('button', { name: '取消訂閱' }).click();
        const atEnd = page.getByRole('dialog', { name: '取消訂閱' });
        await atEnd.getByRole('radio', { name: /於期間結束時/ }).check();
        await atEnd.getByRole('button', { name: '取消訂閱' }).click();
        await page.getByTestId('ends-on').waitFor();
        await open('Contoso Workplace Business Standard');
        await page.getByRole('button', { name: '取消訂閱' }).click();
        const now = page.getByRole('dialog', { name: '取消訂閱' });
        await now.getByRole('radio', { name: /立即/ }).check();
        await now.getByRole('button', { name: '取消訂閱' }).click();
        await page.getByRole('button', { name: '重新啟用此訂閱' }).waitFor();
      }
      await open('Contoso Defender for Business');
      const ends = (await page.getByTestId('next-billing').textContent()) ?? '';
      assert.match(ends, view.zh ? /\d{4}年\d{1,2}月\d{1,2}日/ : /\w{3} \d{1,2}, \d{4}/);
      await page.getByText(view.zh ? '結束日期' : 'Ends on', { exact: true }).waitFor();
      await shot('ends');
      await open('Contoso Workplace Business Standard');
      assert.equal(
        await page.getByTestId('next-billing').textContent(),
        view.zh ? '無：已不再續訂' : 'None: it no longer renews',
      );
      await shot('disabled');
      await page.goto(suite.server.url);
      const row = (name: string) => page.getByTestId('subscription-row').filter({ hasText: name });
      await row('Contoso Defender for Business').waitFor();
      assert.match(
        (await row('Contoso Defender for Business').textContent()) ?? '',
        view.zh ? /\d{4}年\d{1,2}月\d{1,2}日結束/ : /Ends \w{3} \d{1,2}, \d{4}/,
      );
      assert.match((await row('Contoso Workplace Business Standard').textContent()) ?? '', /—/);
      await shot('your-products');
      assert.deepEqual(await axeProblems(page), []);
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
});
