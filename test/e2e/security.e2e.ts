import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { axeProblems, settled, setupBrowserSuite, stepShooter, watchPageErrors } from './browser.js';

/** The open dialog reads well to a screen reader (axe: no serious or critical finding). */
async function assertAccessible(page: Page, selector = '[role="dialog"], [role="alertdialog"]') {
  await settled(page);
  assert.deepEqual(await axeProblems(page, selector), []);
}

// Sensitive changes ask "confirm it's you" after 1 s instead of 10 min, so the dialog shows here.
const suite = setupBrowserSuite({ SETTLE_REAUTH_WINDOW_MS: '1000' });

/** This server's re-authentication window (1 s) has passed since `since`: sensitive changes ask again. */
async function pastReauthWindow(page: Page, since: number) {
  await page.waitForFunction((signedInAt) => Date.now() > signedInAt + 1200, since);
}

async function signInWithPassword(page: Page, email: string) {
  await page.goto(suite.server.url);
  await page.getByLabel(/Email|電子郵件/).fill(email);
  await page.getByLabel(/Password|密碼/).fill('settle-demo');
  await page.getByRole('button', { name: /^(Sign in|登入)$/ }).click();
}

describe('Sign-in and security in the browser', () => {
  it('turns on an authenticator app, keeps the recovery codes, and signs in again with a code', async () => {
    const context = await suite.browser.newContext({
      locale: 'en-US',
      viewport: { width: 1366, height: 900 },
    });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const shot = stepShooter(page, 'authenticator-en-US');
    await signInWithPassword(page, 'kevin@contoso.tw');
    await page.getByRole('heading', { name: 'Your products' }).waitFor();
    const signedInAt = Date.now();
    await page.getByRole('navigation').getByRole('link', { name: 'Sign-in and security' }).click();
    await page.getByRole('heading', { name: 'Sign-in and security', level: 1 }).waitFor();
    await page.getByTestId('sessions').getByText('This session').waitFor();
    await shot('security-page');

    await pastReauthWindow(page, signedInAt);
    await page.getByRole('button', { name: 'Set up authenticator app' }).click();
    // More than a second since signing in (this server's window): confirm it's you first.
    const confirm = page.getByRole('dialog', { name: 'Confirm it’s you' });
    await confirm.getByLabel('Password').waitFor();
    await assertAccessible(page);
    await confirm.getByLabel('Password').fill('settle-demo');
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set up authenticator app' });
    const keyLine = await dialog.getByText(/Enter this key in the app:/).textContent();
    const secret = /: ([A-Z2-7]+)$/.exec(keyLine ?? '')?.[1] ?? '';
    assert.ok(secret.length >= 16, `a base32 key is shown: ${keyLine}`);
    await dialog.getByRole('img', { name: 'QR code for setting up your authenticator app' }).waitFor();
    await assertAccessible(page);
    await shot('scan');
    await dialog.getByLabel('Code from the app').fill(await generate({ secret }));
    await dialog.getByRole('button', { name: 'Turn on' }).click();
    await dialog.getByTestId('recovery-codes').waitFor();
    assert.equal(await dialog.getByTestId('recovery-codes').locator('li').count(), 10);
    await assertAccessible(page);
    await shot('recovery-codes');
    await dialog.getByRole('button', { name: 'I’ve saved them' }).click();
    await page.getByTestId('mfa-status').filter({ hasText: 'Authenticator app: on' }).waitFor();
    await page.getByText('10 recovery codes left').waitFor();
    await shot('on');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInWithPassword(page, 'kevin@contoso.tw');
    await page.getByRole('heading', { name: 'Finish signing in' }).waitFor();
    await shot('code-step');
    // The set-up used this 30-second step's code: the next step's is accepted (one step of drift).
    await page.getByLabel('Code').fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Your products' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('on a phone in Traditional Chinese: adding a card after a while asks to confirm it’s you, then saves', async () => {
    const context = await suite.browser.newContext({
      locale: 'zh-TW',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const shot = stepShooter(page, 'confirm-identity-zh-TW-phone');
    await signInWithPassword(page, 'sam@fabrikam.com');
    await page.getByRole('heading', { name: '您的產品' }).waitFor();
    const signedInAt = Date.now();
    await page.goto(`${suite.server.url}/billing/payment-methods`);
    await pastReauthWindow(page, signedInAt);
    await page.getByRole('heading', { name: '付款方式' }).waitFor();
    await page.getByRole('button', { name: '新增付款方式' }).click();
    const add = page.getByRole('dialog', { name: '新增付款方式' });
    await add.getByLabel('卡號').fill('4242 4242 4242 4242');
    await add.getByLabel('到期日（MM/YY）').fill('10/31');
    await add.getByLabel('安全碼（CVC）').fill('123');
    await add.getByLabel('持卡人姓名').fill('SAM RIVERA');
    await add.getByRole('button', { name: '儲存' }).click();

    const confirm = page.getByRole('dialog', { name: '確認您的身分' });
    await confirm.waitFor();
    await confirm.getByLabel('密碼').fill('wrong-password');
    await confirm.getByRole('button', { name: '確認' }).click();
    await confirm.getByText('電子郵件或密碼不正確。').waitFor();
    await assertAccessible(page);
    await shot('confirm-identity');
    await confirm.getByLabel('密碼').fill('settle-demo');
    await confirm.getByRole('button', { name: '確認' }).click();
    await page.getByTestId('card-row').filter({ hasText: '10/2031' }).waitFor();
    await shot('card-added');

    await page.goto(`${suite.server.url}/account/security`);
    await page.getByRole('heading', { name: '登入與安全性', level: 1 }).waitFor();
    await page.getByTestId('sessions').getByText('目前的工作階段').waitFor();
    await shot('security-page');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('adds a passkey (Chromium’s virtual authenticator), requires multi-factor sign-in, and signs in with the passkey', async () => {
    const context = await suite.browser.newContext({
      locale: 'en-US',
      viewport: { width: 1366, height: 900 },
    });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const shot = stepShooter(page, 'passkey-en-US');
    // A passkey belongs to a host name, never an IP address: the browser goes to localhost.
    const site = suite.server.url.replace('127.0.0.1', 'localhost');
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await page.goto(site);
    await page.getByLabel('Email').fill('mei@contoso.tw');
    await page.getByLabel('Password').fill('settle-demo');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Your products' }).waitFor();
    const signedInAt = Date.now();
    await page.getByRole('navigation').getByRole('link', { name: 'Sign-in and security' }).click();
    await pastReauthWindow(page, signedInAt);
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    const naming = page.getByRole('dialog', { name: 'Add a passkey' });
    await naming.getByLabel('Name').fill('Work laptop');
    await naming.getByRole('button', { name: 'Continue' }).click();
    // More than a second since signing in (this server's window): confirm it's you first.
    const confirm = page.getByRole('dialog', { name: 'Confirm it’s you' });
    await confirm.getByLabel('Password').fill('settle-demo');
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    // An alert dialog: it stays until the user says the codes are kept.
    const codes = page.getByRole('alertdialog', { name: 'Save your recovery codes' });
    await codes.getByTestId('recovery-codes').waitFor();
    // Confirmed by now (the codes come after it): the next sensitive change asks again only past the window.
    const confirmedAt = Date.now();
    await shot('recovery-codes');
    await codes.getByRole('button', { name: 'I’ve saved them' }).click();
    await page.getByTestId('passkeys').getByText('Work laptop').waitFor();

    // On a fast machine the toggle came within a second of the confirm, and rightly asked nothing.
    await pastReauthWindow(page, confirmedAt);
    await page.getByTestId('require-mfa').click();
    const again = page.getByRole('dialog', { name: 'Confirm it’s you' });
    await again.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForFunction(
      () => (document.querySelector('input[data-testid=require-mfa]') as HTMLInputElement | null)?.checked,
    );
    await shot('security-page');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill('mei@contoso.tw');
    await page.getByLabel('Password').fill('settle-demo');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Finish signing in' }).waitFor();
    await shot('second-step');
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.getByRole('heading', { name: 'Your products' }).waitFor();
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.length, 1, 'one passkey, on the authenticator');
    assert.ok((credentials[0]?.signCount ?? 0) >= 2, 'it signed for "confirm it’s you" and for the sign-in');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
