import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { type ServerProcess, signInOver, startServerProcess } from '../server-process.js';
import { axeProblems, e2eDataDir, launchBrowser, settled, stepShooter, watchPageErrors } from './browser.js';

// 4000 0027 6000 3184 asks the cardholder's bank for a confirmation on every charge (3-D Secure).
// The sandbox's bank page opens inside the settle drawer, as a processor's challenge frame does.
// Every scenario runs in both languages, each on a fresh server of its own.
const alwaysAsks = '4000002760003184';

const words = {
  'en-US': {
    signIn: 'Sign in',
    settleBalance: 'Settle balance',
    drawer: 'Settle an outstanding balance',
    addNewCard: 'Add a new card',
    number: 'Card number',
    expiry: 'Expiration (MM/YY)',
    cvc: 'Security code (CVC)',
    name: 'Name on card',
    save: 'Save',
    cancel: 'Cancel',
    challengeTitle: 'Confirm the payment with your bank',
    bankAsks: 'with the Visa card ending in 3184',
    complete: 'Complete authentication',
    fail: 'Fail authentication',
    settled: /Payment received.*Visa ending in 3184/,
    active: 'Active',
    // Not a decline: nothing was charged, and the same card may be tried again (issue 27, item 3).
    notConfirmed: /^Your bank didn’t confirm the payment.*nothing was charged.*try again or use another card/,
    pastDue: 'Subscription has a past due payment',
    lastFailed: /your bank couldn’t confirm this payment/,
    bankNeedsYou: 'your bank needs you to confirm this payment',
    card3184: 'Visa ending in 3184',
    wholePage: 'Open it in this window',
  },
  'zh-TW': {
    signIn: '登入',
    settleBalance: '結算餘額',
    drawer: '結清未付餘額',
    addNewCard: '新增卡片',
    number: '卡號',
    expiry: '到期日（MM/YY）',
    cvc: '安全碼（CVC）',
    name: '持卡人姓名',
    save: '儲存',
    cancel: '取消',
    challengeTitle: '向您的銀行確認這筆付款',
    bankAsks: '以末四碼 3184 的 Visa 卡片支付',
    complete: '完成驗證',
    fail: '模擬驗證失敗',
    settled: /從 Visa 末四碼 3184 收取/,
    active: '作用中',
    notConfirmed: /^您的銀行未確認這筆付款.*並未扣款.*請再試一次，或改用其他卡片/,
    pastDue: '有逾期款項的訂閱',
    lastFailed: /您的銀行無法確認這筆付款/,
    bankNeedsYou: '您的銀行需要您確認這筆付款',
    card3184: 'Visa 末四碼 3184',
    wholePage: '在此視窗中開啟',
  },
} as const;

for (const locale of ['zh-TW', 'en-US'] as const) {
  const w = words[locale];
  describe(`3-D Secure in the settle drawer (${locale})`, () => {
    // The renewal test below runs the billing command on this folder between two servers.
    const dataDir = e2eDataDir('settle-e2e-3ds-');
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

    async function openAs(email: string) {
      const context = await browser.newContext({ locale, viewport: { width: 1366, height: 900 } });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      await page.goto(server.url);
      await page.getByLabel(/Email|電子郵件/).fill(email);
      await page.getByLabel(/Password|密碼/).fill('settle-demo');
      await page.getByRole('button', { name: w.signIn }).click();
      return { page, errors, close: () => context.close() };
    }

    /** Opens the subscription, settles with the 3-D Secure card, and stops at the bank's page. */
    async function settleWithNewCard(email: string, product: string, scenario: string) {
      const opened = await openAs(email);
      const { page } = opened;
      const shot = stepShooter(page, `${scenario}-${locale}`);
      await page.getByRole('link', { name: product }).click();
      await page.getByRole('button', { name: w.settleBalance }).click();
      const drawer = page.getByRole('dialog', { name: w.drawer });
      await drawer.getByRole('radio', { name: w.addNewCard }).check();
      await drawer.getByLabel(w.number).fill(alwaysAsks);
      await drawer.getByLabel(w.expiry).fill(`12/${(new Date().getFullYear() + 3) % 100}`);
      await drawer.getByLabel(w.cvc).fill('123');
      await drawer.getByLabel(w.name).fill('TEST CARD');
      await drawer.getByRole('button', { name: w.save }).click();
      return { ...opened, shot, drawer, bank: await theBank(page, drawer, shot) };
    }

    /** The bank's page in the drawer; while it waits, nothing else can be sent. */
    async function theBank(page: Page, drawer: Locator, shot: (name: string) => Promise<void>) {
      await drawer.getByText(w.challengeTitle).waitFor();
      const bank = page.frameLocator('[data-testid=settle-challenge-frame]');
      await bank.getByText(w.bankAsks).waitFor();
      assert.equal(await drawer.getByRole('button', { name: w.save }).isDisabled(), true);
      // The drawer with the bank's page in it (axe looks into the frame too) reads well to a screen reader.
      await settled(page);
      assert.deepEqual(await axeProblems(page, '[role=dialog]'), []);
      await shot('challenge');
      return bank;
    }

    it('a new card whose bank asks is confirmed in the drawer, and the balance is settled', async () => {
      const { page, errors, close, bank, shot } = await settleWithNewCard(
        'kevin@contoso.tw',
        'Contoso Workplace Business Premium',
        '3ds-complete',
      );
      await bank.getByRole('button', { name: w.complete }).click();
      const confirmation = page.getByTestId('settled-confirmation');
      await confirmation.waitFor();
      assert.match((await confirmation.textContent()) ?? '', w.settled);
      await page.getByTestId('status-badge').filter({ hasText: w.active }).waitFor();
      await shot('settled');
      assert.deepEqual(errors, []);
      await close();
    });

    it('a failed challenge leaves the balance unpaid and says why', async () => {
      const { page, errors, close, bank, drawer, shot } = await settleWithNewCard(
        'mei@contoso.tw',
        'Contoso Teams Phone',
        '3ds-fail',
      );
      await bank.getByRole('button', { name: w.fail }).click();
      const error = drawer.getByTestId('settle-error');
      await error.waitFor();
      assert.match((await error.textContent()) ?? '', w.notConfirmed);
      assert.doesNotMatch((await error.textContent()) ?? '', /declined|拒絕/);
      // Focus is on what went wrong, not lost to the page's body (issue 27, item 2).
      assert.equal(await error.evaluate((element) => element.contains(document.activeElement)), true);
      // The admin may try again at once: the card choices are back.
      await drawer.getByRole('radio', { name: w.addNewCard }).waitFor();
      await shot('failed');
      await drawer.getByRole('button', { name: w.cancel }).click();
      await page.getByText(w.pastDue).waitFor();
      await page.getByTestId('past-due').getByText(w.lastFailed).waitFor();
      await shot('still-past-due');
      assert.deepEqual(errors, []);
      await close();
    });

    it('a bank page opened in the whole window leads back to the subscription, settled', async () => {
      const { page, errors, close, drawer, shot } = await settleWithNewCard(
        'sam@fabrikam.com',
        'Contoso Workplace Business Premium',
        '3ds-whole-page',
      );
      const subscriptionPath = new URL(page.url()).pathname;
      await drawer.getByRole('link', { name: w.wholePage }).click();
      // The bank's page is the window now, in the admin's language.
      await page.getByText(w.bankAsks).waitFor();
      assert.equal(new URL(page.url()).pathname.startsWith('/gateway/'), true);
      await shot('bank-in-window');
      await page.getByRole('button', { name: w.complete }).click();
      // The bank's end leads back to the subscription, which the payment has put in good standing.
      await page.waitForURL((url) => url.pathname === subscriptionPath);
      await page.getByTestId('status-badge').filter({ hasText: w.active }).waitFor();
      assert.equal(await page.getByText(w.pastDue).count(), 0);
      // Told so, as in the drawer, with focus on it (issue 27, items 4 and 2); once only.
      const confirmation = page.getByTestId('settled-confirmation');
      await confirmation.waitFor();
      assert.match((await confirmation.textContent()) ?? '', w.settled);
      assert.equal(await confirmation.evaluate((element) => element.contains(document.activeElement)), true);
      await shot('back-settled');
      await page.reload();
      await page.getByTestId('status-badge').filter({ hasText: w.active }).waitFor();
      assert.equal(await confirmation.count(), 0);
      assert.deepEqual(errors, []);
      await close();
    });

    it('a failed challenge in the whole window leads back to the subscription, which says why', async () => {
      const { page, errors, close, drawer } = await settleWithNewCard(
        'mei@contoso.tw',
        'Contoso Teams Phone',
        '3ds-whole-page-fail',
      );
      const subscriptionPath = new URL(page.url()).pathname;
      await drawer.getByRole('link', { name: w.wholePage }).click();
      await page.getByRole('button', { name: w.fail }).click();
      await page.waitForURL((url) => url.pathname === subscriptionPath);
      await page.getByTestId('past-due').getByText(w.lastFailed).waitFor();
      assert.deepEqual(errors, []);
      await close();
    });

    it('a renewal of that card off-session ends past due with the bank’s request, then is settled with the challenge', async () => {
      // A month passes: the operator's billing run renews Premium an hour after its term ends, while
      // nobody is there to answer the bank; the server then runs on that clock too.
      const kevin = await signInOver(server.url, 'kevin@contoso.tw');
      const list = (await kevin.call('GET', '/api/subscriptions')).body as {
        items: { productName: string; nextBillingDate: string }[];
      };
      const premium = list.items.find((item) => item.productName === 'Contoso Workplace Business Premium');
      assert.ok(premium);
      const later = {
        SETTLE_CLOCK_AHEAD_MS: String(Date.parse(`${premium.nextBillingDate}T01:00:00Z`) - Date.now()),
      };
      await server.stop();
      const billing = spawnSync(
        process.execPath,
        ['--import', 'tsx', '--import', './test/support/clock-ahead.ts', 'src/cli/billing.ts'],
        { env: { ...process.env, ...later, SETTLE_DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8' },
      );
      assert.equal(billing.status, 0, billing.stderr);
      server = await startServerProcess({ dataDir, env: later, imports: ['./test/support/clock-ahead.ts'] });

      const { page, errors, close } = await openAs('kevin@contoso.tw');
      const shot = stepShooter(page, `3ds-renewal-${locale}`);
      await page.getByRole('link', { name: 'Contoso Workplace Business Premium' }).click();
      const pastDue = page.getByTestId('past-due');
      await pastDue.getByText(w.bankNeedsYou).waitFor();
      await shot('past-due');
      await pastDue.getByRole('button', { name: w.settleBalance }).click();
      const drawer = page.getByRole('dialog', { name: w.drawer });
      // The card the renewal tried is the subscription's, and it is Kevin's: it is chosen already.
      await drawer.getByText(w.card3184).first().waitFor();
      await drawer.getByRole('button', { name: w.save }).click();
      const bank = await theBank(page, drawer, shot);
      await bank.getByRole('button', { name: w.complete }).click();
      await page.getByTestId('settled-confirmation').waitFor();
      await page.getByTestId('status-badge').filter({ hasText: w.active }).waitFor();
      await shot('settled');
      assert.deepEqual(errors, []);
      await close();
    });
  });
}
