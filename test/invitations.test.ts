import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/api-keys/create-api-key.js';
import { buildApp } from '../src/http/app.js';
import { setupTestApp } from './harness.js';

const t = setupTestApp();
const inbox: string[] = [];
let smtp: SMTPServer;
let smtpPort: number;
let app: FastifyInstance;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => {
        data += chunk.toString();
      });
      stream.on('end', () => {
        inbox.push(data);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});
beforeEach(async () => {
  inbox.length = 0;
  // The server as `npm start` makes it with SMTP_URL set.
  app = await buildApp({
    db: t.db,
    gateway: t.gateway,
    publicUrl: 'https://billing.example.com',
    mailer: {
      transport: nodemailer.createTransport({
        host: '127.0.0.1',
        port: smtpPort,
        secure: false,
        ignoreTLS: true,
      }),
      from: 'Settle <billing@settle.localhost>',
    },
  });
  return () => app.close();
});

const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await app.inject({
    method: method as 'GET',
    url,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return {
    status: response.statusCode,
    body: response.body ? JSON.parse(response.body) : null,
    cookie: String(response.headers['set-cookie'] ?? '').split(';')[0] ?? '',
  };
};

async function provider() {
  const key = await createApiKey({ db: t.db, name: 'onboarding', scope: 'read_write' });
  const auth = { authorization: `Bearer ${key.secret}` };
  return (method: string, url: string, body?: unknown) =>
    call(method, url, body, { ...auth, 'idempotency-key': `key-${randomUUID()}` });
}

const tokenOf = (link: string) => /#token=([A-Za-z0-9_-]{43})/.exec(link)?.[1] ?? '';
/** The link in a received email, its body decoded (base64 for Chinese text, else quoted-printable). */
const linkIn = (mail: string) => {
  const [headers = '', ...rest] = mail.split(/\r?\n\r?\n/);
  const body = rest.join('\n');
  const text = /Content-Transfer-Encoding: base64/i.test(headers)
    ? Buffer.from(body.replace(/\s/g, ''), 'base64').toString('utf8')
    : body.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  return /https:\/\/billing\.example\.com\/[a-z-]+#token=[A-Za-z0-9_-]{43}/.exec(text)?.[0] ?? '';
};

describe('inviting an organization’s first Global admin', () => {
  it('emails a one-time link in the organization’s language; choosing a good password signs them in', async () => {
    const asProvider = await provider();
    const organization = await asProvider('POST', '/api/provider/v1/organizations', {
      name: '艾克米股份有限公司',
      country: 'TW',
      currency: 'TWD',
      locale: 'zh-TW',
      taxRateBp: 500,
      collectionMethod: 'charge_automatically',
    });
    const invited = await asProvider(
      'POST',
      `/api/provider/v1/organizations/${organization.body.id}/invitations`,
      {
        email: 'Wang@Acme.tw',
        displayName: '王大明',
      },
    );
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email: 'wang@acme.tw', role: 'global_admin', emailed: true });
    expect(invited.body.acceptUrl).toMatch(/^https:\/\/billing\.example\.com\/accept-invitation#token=/);
    expect(inbox).toHaveLength(1);
    expect(linkIn(inbox[0] ?? '')).toBe(invited.body.acceptUrl);
    expect(inbox[0]).toMatch(/Subject: =\?UTF-8\?/);

    const token = tokenOf(invited.body.acceptUrl);
    const stored = JSON.stringify([
      await t.db.selectFrom('user_tokens').selectAll().execute(),
      await t.db.selectFrom('notifications').selectAll().execute(),
      await t.db.selectFrom('idempotency_keys').selectAll().execute(),
    ]);
    expect(stored, 'the link is never stored').not.toContain(token);

    expect(
      (await call('POST', '/api/auth/sign-in', { email: 'wang@acme.tw', password: 'anything-at-all' }))
        .status,
      'no password yet: no sign-in',
    ).toBe(401);
    const weak = await call(
      'POST',
      '/api/auth/invitations/accept',
      { token, password: '1qaz2wsx3edc' },
      {
        'accept-language': 'zh-TW',
      },
    );
    expect(weak).toMatchObject({
      status: 400,
      body: { code: 'password_too_weak', message: expect.stringContaining('12') },
    });
    const short = await call('POST', '/api/auth/invitations/accept', { token, password: 'short' });
    expect(short.body.code).toBe('password_too_weak');
    const accepted = await call('POST', '/api/auth/invitations/accept', {
      token,
      password: 'tea garden on a rainy hill',
    });
    expect(accepted.status).toBe(204);
    const me = await call('GET', '/api/me', undefined, { cookie: accepted.cookie });
    expect(me.body).toMatchObject({
      email: 'wang@acme.tw',
      role: 'global_admin',
      organization: { name: '艾克米股份有限公司' },
    });
    const again = await call('POST', '/api/auth/invitations/accept', {
      token,
      password: 'tea garden on a rainy hill',
    });
    expect(again.body.code, 'the link works once').toBe('link_invalid');
    expect(
      (
        await call('POST', '/api/auth/sign-in', {
          email: 'wang@acme.tw',
          password: 'tea garden on a rainy hill',
        })
      ).status,
    ).toBe(204);
  });

  it('inviting again before acceptance sends a new link and the old one stops; an email in use is refused', async () => {
    const asProvider = await provider();
    const [organization] = (await asProvider('GET', '/api/provider/v1/organizations')).body.items;
    const first = await asProvider('POST', `/api/provider/v1/organizations/${organization.id}/invitations`, {
      email: 'new.admin@example.com',
      displayName: 'New Admin',
      role: 'billing_admin',
    });
    const second = await asProvider('POST', `/api/provider/v1/organizations/${organization.id}/invitations`, {
      email: 'new.admin@example.com',
      displayName: 'New Admin',
      role: 'billing_admin',
    });
    expect(second.body.userId).toBe(first.body.userId);
    const stale = await call('POST', '/api/auth/invitations/accept', {
      token: tokenOf(first.body.acceptUrl),
      password: 'tea garden on a rainy hill',
    });
    expect(stale.body.code).toBe('link_invalid');
    const taken = await asProvider('POST', `/api/provider/v1/organizations/${organization.id}/invitations`, {
      email: 'mei@contoso.tw',
      displayName: 'Mei',
    });
    expect(taken).toMatchObject({ status: 409, body: { code: 'email_taken' } });
  });
});

describe('forgot password', () => {
  it('emails a reset link only to an existing account (same answer either way); the new password ends every session', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    expect(
      (await call('POST', '/api/auth/password-reset/request', { email: 'nobody@contoso.tw' })).status,
    ).toBe(202);
    expect(inbox).toHaveLength(0);
    expect(
      (await call('POST', '/api/auth/password-reset/request', { email: 'kevin@contoso.tw' })).status,
    ).toBe(202);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toContain('kevin@contoso.tw');
    const token = tokenOf(linkIn(inbox[0] ?? ''));
    expect(token).not.toBe('');
    const reset = await call('POST', '/api/auth/password-reset', {
      token,
      password: 'a quiet night by the river',
    });
    expect(reset.status).toBe(204);
    expect((await kevin.get('/api/me')).status, 'signed out everywhere').toBe(401);
    expect(
      (await call('POST', '/api/auth/sign-in', { email: 'kevin@contoso.tw', password: 'settle-demo' }))
        .status,
    ).toBe(401);
    expect(
      (
        await call('POST', '/api/auth/sign-in', {
          email: 'kevin@contoso.tw',
          password: 'a quiet night by the river',
        })
      ).status,
    ).toBe(204);
    expect(
      (await call('POST', '/api/auth/password-reset', { token, password: 'another long passphrase' })).body
        .code,
    ).toBe('link_invalid');
  });
});
