import { randomUUID } from 'node:crypto';
import { generate } from 'otplib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/http/app.js';
import { newSecretKeyText, parseSecretKey } from '../src/secrets/seal.js';
import { cookieBrowser, setupTestApp, tokenize } from './harness.js';

const t = setupTestApp();

afterEach(() => {
  vi.useRealTimers();
});

const browser = () => cookieBrowser(t.app);

/** Kevin turns on an authenticator app; returns its secret and his recovery codes. */
async function enrollAuthenticator(person: ReturnType<typeof browser>) {
  const setup = await person.call('POST', '/api/me/security/authenticator-app/setup');
  expect(setup.status).toBe(200);
  expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Settle:/);
  expect(setup.body.qrCodeSvg).toMatch(/^<svg/);
  const secret: string = setup.body.secret;
  const confirmed = await person.call('POST', '/api/me/security/authenticator-app/confirm', {
    code: await generate({ secret }),
  });
  expect(confirmed.status).toBe(200);
  return { secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

/** The code of the next 30-second step: the current one was used up by the set-up. */
async function nextCode(secret: string) {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
}

describe('an authenticator app as the second factor', () => {
  it('once on, a password alone opens nothing; a code from the app finishes signing in, on a new token', async () => {
    const kevin = browser();
    await kevin.signIn('kevin@contoso.tw');
    const { secret, recoveryCodes } = await enrollAuthenticator(kevin);
    expect(recoveryCodes).toHaveLength(10);
    expect((await kevin.call('GET', '/api/me/security')).body).toMatchObject({
      authenticatorApp: true,
      recoveryCodesLeft: 10,
    });

    const later = browser();
    const first = await later.signIn('kevin@contoso.tw');
    expect(first).toMatchObject({ status: 200, body: { next: 'second_factor' } });
    const pendingCookie = later.cookie();
    const blocked = await later.call('GET', '/api/subscriptions', undefined, { 'accept-language': 'zh-TW' });
    expect(blocked.status).toBe(401);
    expect(blocked.body).toEqual({
      code: 'second_factor_required',
      message: expect.stringContaining('驗證器'),
    });

    const wrong = await later.call('POST', '/api/auth/second-factor', { code: '000000' });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'second_factor_invalid' } });
    // Tolerance of one step either side: the next step's code is good now (a phone's clock drifts).
    const code = await nextCode(secret);
    expect((await later.call('POST', '/api/auth/second-factor', { code })).status).toBe(204);
    expect(later.cookie()).not.toBe(pendingCookie);
    expect((await later.call('GET', '/api/subscriptions')).status).toBe(200);
    const stale = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: pendingCookie } });
    expect(stale.statusCode, 'the token from before the second factor is dead').toBe(401);

    // The same code again (a replay, or someone reading over a shoulder) does not work twice.
    const third = browser();
    await third.signIn('kevin@contoso.tw');
    expect((await third.call('POST', '/api/auth/second-factor', { code })).status).toBe(401);
    // A recovery code works, once, whatever its case and dashes.
    const recovery = recoveryCodes[0] ?? '';
    const typed = recovery.toUpperCase().replaceAll('-', ' ');
    expect((await third.call('POST', '/api/auth/second-factor', { code: typed })).status).toBe(204);
    const fourth = browser();
    await fourth.signIn('kevin@contoso.tw');
    expect((await fourth.call('POST', '/api/auth/second-factor', { code: recovery })).status).toBe(401);
    expect((await third.call('GET', '/api/me/security')).body.recoveryCodesLeft).toBe(9);
  });

  it('keeps neither the app’s secret nor the recovery codes readable in the database', async () => {
    const kevin = browser();
    await kevin.signIn('kevin@contoso.tw');
    const { secret, recoveryCodes } = await enrollAuthenticator(kevin);
    const user = await t.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'kevin@contoso.tw')
      .executeTakeFirstOrThrow();
    const json = (value: unknown) =>
      JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    const stored = json(user) + json(await t.db.selectFrom('recovery_codes').selectAll().execute());
    expect(stored).not.toContain(secret);
    for (const code of recoveryCodes) expect(stored).not.toContain(code.replaceAll('-', ''));
    expect(user.totp_secret_sealed).toMatch(/^v1\./);
    const keys = JSON.stringify(await t.db.selectFrom('idempotency_keys').selectAll().execute());
    expect(keys).not.toContain(recoveryCodes[0]);
  });

  it('locks out guessing: after five wrong codes even the right one waits', async () => {
    const kevin = browser();
    await kevin.signIn('kevin@contoso.tw');
    const { secret } = await enrollAuthenticator(kevin);
    const guesser = browser();
    await guesser.signIn('kevin@contoso.tw');
    for (let i = 0; i < 5; i++)
      expect((await guesser.call('POST', '/api/auth/second-factor', { code: `12345${i}` })).status).toBe(401);
    const locked = await guesser.call('POST', '/api/auth/second-factor', { code: await nextCode(secret) });
    expect(locked).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
  });

  it('with the server’s key lost or changed, a code is refused (never a 500) and a recovery code still signs in', async () => {
    const kevin = browser();
    await kevin.signIn('kevin@contoso.tw');
    const { secret, recoveryCodes } = await enrollAuthenticator(kevin);
    const other = await buildApp({
      db: t.db,
      gateway: t.gateway,
      secretKey: parseSecretKey(newSecretKeyText()),
    });
    try {
      const signIn = await other.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email: 'kevin@contoso.tw', password: 'settle-demo' },
      });
      const cookie = String(signIn.headers['set-cookie']).split(';')[0] ?? '';
      const send = (code: string) =>
        other.inject({
          method: 'POST',
          url: '/api/auth/second-factor',
          headers: { cookie },
          payload: { code },
        });
      expect((await send(await nextCode(secret))).statusCode).toBe(401);
      expect((await send(recoveryCodes[1] ?? '')).statusCode).toBe(204);
    } finally {
      await other.close();
    }
  });
});

describe('an organization that requires multi-factor sign-in for admins', () => {
  it('sends an admin without a second factor to set one up before anything else; readers are not asked', async () => {
    const mei = browser();
    await mei.signIn('mei@contoso.tw');
    expect((await mei.call('PUT', '/api/organization/security', { requireMfa: true })).status).toBe(200);

    const kevin = browser();
    expect(await kevin.signIn('kevin@contoso.tw')).toMatchObject({
      status: 200,
      body: { next: 'set_up_second_factor' },
    });
    expect((await kevin.call('GET', '/api/subscriptions')).body.code).toBe('second_factor_setup_required');
    const before = kevin.cookie();
    await enrollAuthenticator(kevin);
    expect(kevin.cookie()).not.toBe(before);
    expect((await kevin.call('GET', '/api/subscriptions')).status).toBe(200);
    expect((await kevin.call('GET', '/api/me/security')).body).toMatchObject({
      organizationRequiresMfa: true,
      requiredForMe: true,
    });
    // The only second factor of an admin who must have one stays.
    expect((await kevin.call('DELETE', '/api/me/security/authenticator-app')).body.code).toBe(
      'mfa_required_by_organization',
    );
    // A Billing admin cannot change the organization's rule.
    expect((await kevin.call('PUT', '/api/organization/security', { requireMfa: false })).status).toBe(403);

    expect((await browser().signIn('reader@contoso.tw')).status).toBe(204);
    expect((await browser().signIn('alex@fabrikam.com')).status, 'another organization is not affected').toBe(
      204,
    );

    const audit = (await mei.call('GET', '/api/audit-log')).body as { action: string }[];
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['security.mfa_requirement_changed', 'security.mfa_enabled']),
    );
  });
});

describe('confirm it’s you before a sensitive change', () => {
  it('adding a card 10 minutes after signing in asks for the password again; the same key then goes through', async () => {
    const kevin = browser();
    await kevin.signIn('kevin@contoso.tw');
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 11 * 60 * 1000);
    const token = (await tokenize(t.app, '4242424242424242')).body.token;
    const key = { 'idempotency-key': `add-card-${randomUUID()}` };
    const refused = await kevin.call('POST', '/api/payment-methods', { token }, key);
    expect(refused).toMatchObject({ status: 403, body: { code: 'reauthentication_required' } });

    expect((await kevin.call('POST', '/api/auth/reauthenticate', { password: 'wrong' })).status).toBe(401);
    expect((await kevin.call('POST', '/api/auth/reauthenticate', { password: 'settle-demo' })).status).toBe(
      204,
    );
    expect((await kevin.call('POST', '/api/payment-methods', { token }, key)).status).toBe(201);
  });

  it('settling with a saved card needs no new proof; settling with a new card does', async () => {
    const mei = browser();
    await mei.signIn('mei@contoso.tw');
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 11 * 60 * 1000);
    const subscriptions = (await mei.call('GET', '/api/subscriptions')).body.items as {
      id: string;
      amountDueMinor: number;
    }[];
    const pastDue = subscriptions.find((s) => s.amountDueMinor > 0);
    if (!pastDue) throw new Error('the demo has a past-due subscription');
    const token = (await tokenize(t.app, '4242424242424242')).body.token;
    const withNewCard = await mei.call('POST', `/api/subscriptions/${pastDue.id}/settle`, {
      expectedAmountMinor: pastDue.amountDueMinor,
      card: { kind: 'new', token },
    });
    expect(withNewCard.body.code).toBe('reauthentication_required');
    expect(t.gateway.chargeCalls).toBe(0);
    const cards = (await mei.call('GET', '/api/payment-methods')).body as { id: string; expired: boolean }[];
    const saved = cards.find((card) => !card.expired) ?? cards[0];
    const withSaved = await mei.call('POST', `/api/subscriptions/${pastDue.id}/settle`, {
      expectedAmountMinor: pastDue.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: saved?.id },
    });
    expect(withSaved.body?.code).not.toBe('reauthentication_required');
  });
});

describe('sessions', () => {
  it('end after 30 minutes without a request, and 12 hours after sign-in however active', async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const idle = browser();
    await idle.signIn('kevin@contoso.tw');
    const busy = browser();
    await busy.signIn('kevin@contoso.tw');
    const start = Date.now();
    for (let minutes = 25; minutes < 12 * 60; minutes += 25) {
      vi.setSystemTime(start + minutes * 60 * 1000);
      expect((await busy.call('GET', '/api/me')).status, `active after ${minutes} min`).toBe(200);
    }
    expect((await idle.call('GET', '/api/me')).status).toBe(401);
    vi.setSystemTime(start + 12 * 60 * 60 * 1000 + 1000);
    expect((await busy.call('GET', '/api/me')).status).toBe(401);
  });

  it('are listed on Your sessions, and the others can be signed out', async () => {
    const laptop = browser();
    await laptop.signIn('kevin@contoso.tw');
    const phone = browser();
    await phone.call(
      'POST',
      '/api/auth/sign-in',
      { email: 'kevin@contoso.tw', password: 'settle-demo' },
      {
        'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)',
      },
    );
    const mine = (await laptop.call('GET', '/api/me/sessions')).body as {
      id: string;
      current: boolean;
      userAgent: string;
    }[];
    expect(mine).toHaveLength(2);
    expect(mine.filter((s) => s.current)).toHaveLength(1);
    expect(mine.find((s) => !s.current)?.userAgent).toContain('iPhone');

    const mei = browser();
    await mei.signIn('mei@contoso.tw');
    const other = mine.find((s) => !s.current)?.id ?? '';
    expect((await mei.call('DELETE', `/api/me/sessions/${other}`)).status, 'not hers to end').toBe(404);
    expect((await phone.call('GET', '/api/me')).status).toBe(200);

    expect((await laptop.call('POST', '/api/me/sessions/sign-out-others')).body).toEqual({ ended: 1 });
    expect((await phone.call('GET', '/api/me')).status).toBe(401);
    expect((await laptop.call('GET', '/api/me')).status).toBe(200);
  });
});
