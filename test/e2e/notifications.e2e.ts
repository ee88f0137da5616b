import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { axeProblems, setupBrowserSuite, stepShooter, watchPageErrors } from './browser.js';

const suite = setupBrowserSuite();

// One admin settles; the other learns of it in Billing notifications, in their own language, and
// reads every notice again in the other language after switching (notices keep facts, not text).
const expYear = new Date().getFullYear() + 3;

const organizations = [
  {
    locale: 'en-US',
    payer: 'sam@fabrikam.com',
    payerName: 'Sam Rivera',
    reader: 'alex@fabrikam.com',
    product: 'Contoso Workplace Business Premium',
    newCard: {
      choice: 'Add a new card',
      number: 'Card number',
      expiry: 'Expiration (MM/YY)',
      cvc: 'Security code (CVC)',
      name: 'Name on card',
      label: 'Visa ending in 1881',
      expires: `Expires 12/${expYear}`,
    },
    words: { email: 'Email', password: 'Password', signIn: 'Sign in', products: 'Your products' },
    settle: 'Settle balance',
    drawer: 'Settle an outstanding balance',
    save: 'Save',
    notifications: 'Billing notifications',
    language: 'Language',
    audit: {
      log: 'Audit log',
      settled: 'Settled an outstanding balance',
      added: 'Added a card',
      empty: 'No activity matches these filters.',
      exportCsv: 'Export CSV',
    },
    received: /^Payment received for Contoso Workplace Business Premium$/,
    failed: /^Payment failed for Contoso Workplace Business Premium$/,
    other: {
      locale: 'zh-TW',
      option: '中文 (台灣)',
      notifications: '帳單通知',
      received: /^已收到 .+ 的付款$/,
      failed: /^.+ 付款失敗$/,
    },
  },
  {
    locale: 'zh-TW',
    payer: 'kevin@contoso.tw',
    payerName: '林志豪',
    reader: 'mei@contoso.tw',
    product: 'Contoso Teams Phone',
    newCard: {
      choice: '新增卡片',
      number: '卡號',
      expiry: '到期日（MM/YY）',
      cvc: '安全碼（CVC）',
      name: '持卡人姓名',
      label: 'Visa 末四碼 1881',
      expires: `到期日 12/${expYear}`,
    },
    words: { email: '電子郵件', password: '密碼', signIn: '登入', products: '您的產品' },
    settle: '結算餘額',
    drawer: '結清未付餘額',
    save: '儲存',
    notifications: '帳單通知',
    language: '語言',
    audit: {
      log: '稽核記錄',
      settled: '結清未付餘額',
      added: '新增卡片',
      empty: '沒有符合這些篩選條件的活動。',
      exportCsv: '匯出 CSV',
    },
    received: /^已收到 Contoso Teams Phone 的付款$/,
    failed: /^Contoso Teams Phone 付款失敗$/,
    other: {
      locale: 'en-US',
      option: 'English (United States)',
      notifications: 'Billing notifications',
      received: /^Payment received for Contoso Teams Phone$/,
      failed: /^Payment failed for Contoso Teams Phone$/,
    },
  },
] as const;

type Organization = (typeof organizations)[number];

async function signedIn(organization: Organization, email: string) {
  const context = await suite.browser.newContext({
    locale: organization.locale,
    viewport: { width: 1366, height: 900 },
  });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const { words } = organization;
  await page.goto(suite.server.url);
  await page.getByLabel(words.email).fill(email);
  await page.getByLabel(words.password).fill('settle-demo');
  await page.getByRole('button', { name: words.signIn, exact: true }).click();
  await page.getByRole('heading', { name: words.products }).waitFor();
  return { page, errors, close: () => context.close() };
}

/**
 * The Global admin finds the settlement in the audit log under the person who made it (not System),
 * by person and by date, and the CSV keeps where it came from (the address and the browser).
 */
async function auditNamesThePayer(page: Page, organization: Organization) {
  const { audit } = organization;
  await page.getByRole('navigation').getByRole('link', { name: audit.log }).click();
  const rows = page.getByTestId('audit-row');
  await rows.filter({ hasText: audit.settled }).first().waitFor();
  await page.getByTestId('audit-person').selectOption({ label: organization.payerName });
  await page.waitForFunction((name) => {
    const cells = [...document.querySelectorAll('[data-testid=audit-row] td:nth-child(2)')];
    return cells.length > 0 && cells.every((cell) => cell.textContent === name);
  }, organization.payerName);
  await rows.filter({ hasText: audit.settled }).first().waitFor();
  // The card added on the way: named, with its expiry.
  const added = rows.filter({ hasText: audit.added }).first();
  assert.equal(await added.locator('td:nth-child(4)').textContent(), organization.newCard.label);
  assert.equal(await added.locator('td:nth-child(5)').textContent(), organization.newCard.expires);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: audit.exportCsv }).click(),
  ]);
  const csv = await readFile((await download.path()) as string, 'utf8');
  const line = csv.split('\r\n').find((row) => row.includes(`"${audit.settled}"`)) ?? '';
  assert.ok(line.includes(`"${organization.payerName}"`), line);
  assert.ok(line.includes('"127.0.0.1"') && line.includes('HeadlessChrome'), line);
  // Nothing happened after tomorrow.
  const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  await page.getByTestId('audit-from').fill(tomorrow);
  await page.getByText(audit.empty).waitFor();
  assert.equal(await rows.count(), 0);
}

describe('billing notifications and the audit log after a settlement', () => {
  for (const organization of organizations) {
    it(`a recovered payment is announced to the other admin, once, in the language they read in (${organization.locale})`, async () => {
      const payer = await signedIn(organization, organization.payer);
      await payer.page.getByRole('link', { name: organization.product }).click();
      await payer.page.getByRole('button', { name: organization.settle }).click();
      const drawer = payer.page.getByRole('dialog', { name: organization.drawer });
      // A new card, so that the audit log has a card added to name.
      await drawer.getByRole('radio', { name: organization.newCard.choice }).check();
      await drawer.getByLabel(organization.newCard.number).fill('4012 8888 8888 1881');
      await drawer.getByLabel(organization.newCard.expiry).fill(`12/${expYear % 100}`);
      await drawer.getByLabel(organization.newCard.cvc).fill('123');
      await drawer.getByLabel(organization.newCard.name).fill(organization.payerName);
      await drawer.getByRole('button', { name: organization.save }).click();
      await payer.page.getByTestId('settled-confirmation').waitFor();
      assert.deepEqual(payer.errors, []);
      await payer.close();

      const { page, errors, close } = await signedIn(organization, organization.reader);
      const shot = stepShooter(page, `notifications-${organization.locale}`);
      await page.getByRole('navigation').getByRole('link', { name: organization.notifications }).click();
      const subjects = page.getByTestId('message').locator('.fui-CardHeader__header');
      await subjects.filter({ hasText: organization.received }).waitFor();
      const read = async () => {
        const messages = await page.getByTestId('message').allTextContents();
        // No two notices say the same thing.
        assert.equal(new Set(messages).size, messages.length, messages.join('\n'));
        // E-invoice notices (電子發票, the demo's TWD customer) follow the recovery as the queue issues
        // them, in their own time: this test is about the payment's notices.
        return (await subjects.allTextContents()).filter((subject) => !/電子發票|E-invoice/.test(subject));
      };
      const first = await read();
      assert.match(first[0] ?? '', organization.received, 'the newest notice is the recovery');
      assert.ok(first.some((subject) => organization.failed.test(subject)));
      assert.deepEqual(await axeProblems(page), []);
      await shot('recovered');
      await auditNamesThePayer(page, organization);
      await shot('audit-log-by-person');
      await page.getByRole('navigation').getByRole('link', { name: organization.notifications }).click();
      await subjects.first().waitFor();

      // The reader switches language: every notice, old ones included, reads in the new one.
      await page.getByRole('combobox', { name: organization.language }).click();
      await page.getByRole('option', { name: organization.other.option }).click();
      await page.getByRole('heading', { name: organization.other.notifications }).waitFor();
      await subjects.filter({ hasText: organization.other.received }).waitFor();
      const switched = await read();
      assert.equal(switched.length, first.length);
      assert.match(switched[0] ?? '', organization.other.received);
      assert.ok(switched.some((subject) => organization.other.failed.test(subject)));
      assert.ok(!switched.some((subject) => organization.received.test(subject)));
      await shot(`in-${organization.other.locale}`);
      assert.deepEqual(errors, []);
      await close();
    });
  }
});
