import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { setPasswordCost, verifyPassword } from '../src/auth/password.js';
import { readConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { setupTestApp } from './harness.js';

const t = setupTestApp();

describe('sessions and cross-site requests', () => {
  it('a cross-site text/plain POST cannot end a session (logout CSRF); the app’s JSON sign-out does', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie: kevin.cookie, 'content-type': 'text/plain', origin: 'https://evil.example' },
      payload: 'x',
    });
    expect(forged.statusCode).toBe(400);
    expect(JSON.parse(forged.body)).toMatchObject({ code: 'validation_failed', message: expect.any(String) });
    expect((await kevin.get('/api/me')).status).toBe(200);

    const form = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie: kevin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=b',
    });
    expect(form.statusCode).toBeGreaterThanOrEqual(400);
    expect((await kevin.get('/api/me')).status).toBe(200);

    const real = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie: kevin.cookie, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(real.statusCode).toBe(204);
    expect((await kevin.get('/api/me')).status).toBe(401);
  });
});

describe('signing in again', () => {
  it('ends the session the browser already had: a token planted before sign-in is worth nothing after', async () => {
    const planted = await t.signIn('kevin@contoso.tw');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { cookie: planted.cookie },
      payload: { email: 'kevin@contoso.tw', password: 'settle-demo' },
    });
    expect(response.statusCode).toBe(204);
    const fresh = String(response.headers['set-cookie']).split(';')[0];
    expect(fresh).not.toBe(planted.cookie);
    expect((await planted.get('/api/me')).status).toBe(401);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: fresh } });
    expect(me.statusCode).toBe(200);
  });
});

describe('sign-in throttling', () => {
  const attempt = (
    email: string,
    password: string,
    headers: Record<string, string> = {},
    remoteAddress = '127.0.0.1',
  ) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email, password },
      headers,
      remoteAddress,
    });

  it('locks an account after five wrong passwords, even against the right one, says when to retry, and tells its owner once', async () => {
    for (let i = 0; i < 5; i++)
      expect((await attempt('kevin@contoso.tw', `wrong-${i}`)).statusCode).toBe(401);
    const locked = await attempt('kevin@contoso.tw', 'settle-demo', { 'accept-language': 'zh-TW' });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(locked.body)).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/[一-龥]/),
    });
    // Still locked, and the lock grows with each further try.
    await attempt('kevin@contoso.tw', 'wrong-again');
    const notices = await t.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.recipient_user_id')
      .select(['users.email', 'notifications.subject'])
      .where('notifications.kind', '=', 'account_locked')
      .execute();
    expect(notices).toEqual([{ email: 'kevin@contoso.tw', subject: '您的 Settle 帳戶已暫停登入' }]);
    // Kept as facts too: once Kevin reads in English, the notice does as well.
    const { listMessages } = await import('../src/notifications/list-messages.js');
    const kevin = await t.db
      .selectFrom('users')
      .select(['id', 'organization_id', 'role', 'display_name', 'email'])
      .where('email', '=', 'kevin@contoso.tw')
      .executeTakeFirstOrThrow();
    const inEnglish = await listMessages({
      db: t.db,
      limit: 50,
      actor: {
        userId: kevin.id,
        organizationId: kevin.organization_id,
        role: kevin.role,
        savedLocale: 'en-US',
        organizationLocale: 'zh-TW',
        displayName: kevin.display_name,
        email: kevin.email,
      },
    });
    expect(inEnglish.find((message) => message.kind === 'account_locked')?.subject).toBe(
      'Sign-in to your Settle account was paused',
    );
    // Another account from the same address is not affected.
    expect((await attempt('mei@contoso.tw', 'settle-demo')).statusCode).toBe(204);
  });

  it('once the lock has passed, the right password works and clears the account’s count', async () => {
    const { signIn } = await import('../src/auth/sign-in.js');
    for (let i = 0; i < 5; i++)
      expect((await attempt('sam@fabrikam.com', `wrong-${i}`)).statusCode).toBe(401);
    expect((await attempt('sam@fabrikam.com', 'settle-demo')).statusCode).toBe(429);
    const later = new Date(Date.now() + 16_000);
    await expect(
      signIn({
        db: t.db,
        email: 'sam@fabrikam.com',
        password: 'settle-demo',
        clientAddress: '127.0.0.1',
        now: later,
      }),
    ).resolves.toMatchObject({ token: expect.any(String) });
    expect(
      await t.db
        .selectFrom('sign_in_throttle')
        .select('key')
        .where('key', '=', 'account:sam@fabrikam.com')
        .execute(),
    ).toEqual([]);
  });

  it('locks a client address that guesses across many accounts, not the others', async () => {
    for (let i = 0; i < 20; i++) await attempt(`nobody-${i}@example.com`, 'guess', {}, '203.0.113.9');
    expect((await attempt('alex@fabrikam.com', 'settle-demo', {}, '203.0.113.9')).statusCode).toBe(429);
    expect((await attempt('alex@fabrikam.com', 'settle-demo', {}, '198.51.100.7')).statusCode).toBe(204);
  });
});

describe('security headers', () => {
  it.each([
    ['the API', '/api/health'],
    ['an API refusal', '/api/subscriptions'],
    ['the API docs', '/docs/static/index.html'],
  ])(
    'on %s: a content security policy that forbids framing, nosniff, same-origin referrers',
    async (_what, url) => {
      const response = await t.app.inject({ method: 'GET', url });
      expect(String(response.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['referrer-policy']).toBe('same-origin');
      // Plain HTTP: no Strict-Transport-Security, which only means something over HTTPS.
      expect(response.headers['strict-transport-security']).toBeUndefined();
    },
  );

  it('on the page and its assets too, as the server sends them from the built app', async () => {
    const webRoot = mkdtempSync(join(tmpdir(), 'settle-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(
      join(webRoot, 'index.html'),
      '<!doctype html><script type="module" src="/assets/app.js"></script>',
    );
    writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log(1)');
    const app = await buildApp({ db: t.db, gateway: t.gateway, webRoot });
    try {
      for (const url of ['/', '/billing/products', '/assets/app.js']) {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBe(200);
        expect(String(response.headers['content-security-policy']), url).toContain("frame-ancestors 'none'");
        expect(String(response.headers['content-security-policy']), url).toContain("script-src 'self';");
        expect(response.headers['x-content-type-options'], url).toBe('nosniff');
        expect(response.headers['referrer-policy'], url).toBe('same-origin');
      }
    } finally {
      await app.close();
      rmSync(webRoot, { recursive: true, force: true });
    }
  });

  it('the app may run scripts from its own origin only', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(String(response.headers['content-security-policy'])).toContain("script-src 'self';");
  });
});

describe('behind a TLS-terminating proxy', () => {
  const signInOver = (app: FastifyInstance, headers: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: 'kevin@contoso.tw', password: 'settle-demo' },
      headers,
    });

  it('with SETTLE_TRUST_PROXY on, a sign-in forwarded as HTTPS gets a Secure __Host- cookie and HSTS', async () => {
    const app = await buildApp({ db: t.db, gateway: t.gateway, trustProxy: true });
    try {
      const https = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.20' };
      const response = await signInOver(app, https);
      expect(response.statusCode).toBe(204);
      const setCookie = String(response.headers['set-cookie']);
      expect(setCookie).toMatch(/^__Host-settle_session=[^;]+;.*Path=\/;.*HttpOnly;.*Secure/);
      expect(response.headers['strict-transport-security']).toContain('max-age=');
      const cookie = setCookie.split(';')[0] ?? '';
      const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie, ...https } });
      expect(me.statusCode).toBe(200);
      // The same token under the plain name is not taken over HTTPS: only the prefixed cookie, which a
      // plain-HTTP page or a subdomain cannot set, carries a session there.
      const plain = cookie.replace('__Host-settle_session', 'settle_session');
      const planted = await app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { cookie: plain, ...https },
      });
      expect(planted.statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('with it off (the default), a client claiming HTTPS or another address changes nothing', async () => {
    const response = await signInOver(t.app, { 'x-forwarded-proto': 'https' });
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^settle_session=/);
    expect(setCookie).not.toMatch(/Secure/);
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('throttles the client address the proxy forwards, not the proxy’s own', async () => {
    const app = await buildApp({ db: t.db, gateway: t.gateway, trustProxy: true });
    try {
      const from = (address: string) => ({ 'x-forwarded-proto': 'https', 'x-forwarded-for': address });
      for (let i = 0; i < 20; i++)
        await app.inject({
          method: 'POST',
          url: '/api/auth/sign-in',
          payload: { email: `nobody-${i}@example.com`, password: 'guess' },
          headers: from('203.0.113.50'),
        });
      expect((await signInOver(app, from('203.0.113.50'))).statusCode).toBe(429);
      expect((await signInOver(app, from('198.51.100.21'))).statusCode).toBe(204);
    } finally {
      await app.close();
    }
  });
});

describe('password hashes', () => {
  it('every demo user has a hash of their own, with its own salt', async () => {
    const users = await t.db.selectFrom('users').select('password_hash').execute();
    expect(users.length).toBeGreaterThan(5);
    expect(new Set(users.map((u) => u.password_hash)).size).toBe(users.length);
    expect(new Set(users.map((u) => u.password_hash?.split('$')[4])).size).toBe(users.length);
  });

  it('a hash made at a lower cost is upgraded at the next sign-in, and the password still works', async () => {
    const before = await t.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', 'sam@fabrikam.com')
      .executeTakeFirstOrThrow();
    expect(before.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    setPasswordCost(15);
    try {
      await t.signIn('sam@fabrikam.com');
      const after = await t.db
        .selectFrom('users')
        .select('password_hash')
        .where('email', '=', 'sam@fabrikam.com')
        .executeTakeFirstOrThrow();
      expect(after.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      await t.signIn('sam@fabrikam.com');
      expect(
        await verifyPassword('settle-demo', after.password_hash ?? ''),
        'the upgraded hash is of the same password',
      ).toBe(true);
    } finally {
      setPasswordCost(Number(process.env.SETTLE_SCRYPT_LOG2N));
    }
  });

  it('a server started without settings hashes at OWASP’s cost, 2^17', () => {
    expect(readConfig({}).scryptLog2N).toBe(17);
  });
});
