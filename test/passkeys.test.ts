import { describe, expect, it } from 'vitest';
import { cookieBrowser, setupTestApp } from './harness.js';
import { softAuthenticator } from './support/soft-authenticator.js';

const t = setupTestApp();
// app.inject's requests come to http://localhost: passkeys are made for that site.
const site = { origin: 'http://localhost', rpId: 'localhost' };

const browser = () => cookieBrowser(t.app);

async function registerPasskey(person: ReturnType<typeof browser>, name = 'Work laptop') {
  const authenticator = softAuthenticator(site);
  const creation = await person.call('POST', '/api/me/security/passkeys/options');
  expect(creation.status).toBe(200);
  expect(creation.body.rp).toEqual({ id: 'localhost', name: 'Settle' });
  const added = await person.call('POST', '/api/me/security/passkeys', {
    name,
    passkey: authenticator.register(creation.body),
  });
  expect(added.status).toBe(200);
  return { authenticator, recoveryCodes: added.body.recoveryCodes as string[] | null };
}

async function passkeyStep(
  person: ReturnType<typeof browser>,
  answer: (challenge: { challenge: string }) => unknown,
) {
  const request = await person.call('POST', '/api/auth/passkey-options');
  expect(request.status).toBe(200);
  return person.call('POST', '/api/auth/second-factor', { passkey: answer(request.body) });
}

describe('passkeys as the second factor', () => {
  it('a registered passkey finishes the sign-in on a new token; its first use comes with recovery codes', async () => {
    const kevin = browser();
    await kevin.signIn('kevin@contoso.tw');
    const { authenticator, recoveryCodes } = await registerPasskey(kevin);
    expect(recoveryCodes).toHaveLength(10);
    const stored = await t.db.selectFrom('passkeys').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ id: authenticator.id, name: 'Work laptop' });

    const later = browser();
    expect(await later.signIn('kevin@contoso.tw')).toMatchObject({
      status: 200,
      body: { next: 'second_factor', methods: ['passkey'] },
    });
    const pending = later.cookie();
    expect((await passkeyStep(later, (request) => authenticator.assert(request))).status).toBe(204);
    expect(later.cookie()).not.toBe(pending);
    expect((await later.call('GET', '/api/subscriptions')).status).toBe(200);
    const settings = (await later.call('GET', '/api/me/security')).body;
    expect(settings.passkeys).toEqual([
      expect.objectContaining({ name: 'Work laptop', lastUsedAt: expect.any(String) }),
    ]);
  });

  it('refuses a replayed answer, a cloned key (its counter went back), a phishing site’s answer and another user’s key', async () => {
    const kevin = browser();
    await kevin.signIn('kevin@contoso.tw');
    const { authenticator } = await registerPasskey(kevin);
    const mei = browser();
    await mei.signIn('mei@contoso.tw');
    const meis = await registerPasskey(mei, 'Mei’s phone');

    const attempt = browser();
    await attempt.signIn('kevin@contoso.tw');
    let captured: unknown;
    expect(
      (
        await passkeyStep(attempt, (request) => {
          captured = authenticator.assert(request);
          return captured;
        })
      ).status,
    ).toBe(204);

    const replay = browser();
    await replay.signIn('kevin@contoso.tw');
    await replay.call('POST', '/api/auth/passkey-options');
    expect((await replay.call('POST', '/api/auth/second-factor', { passkey: captured })).body.code).toBe(
      'passkey_invalid',
    );
    const cloned = await passkeyStep(replay, (request) => authenticator.assert(request, { counter: 1 }));
    expect(cloned.body.code).toBe('passkey_invalid');
    const phished = await passkeyStep(replay, (request) =>
      authenticator.assert(request, { origin: 'https://settle-billing.example' }),
    );
    expect(phished.body.code).toBe('passkey_invalid');
    const wrongUser = await passkeyStep(replay, (request) => meis.authenticator.assert(request));
    expect(wrongUser.body.code).toBe('passkey_invalid');
    expect((await replay.call('GET', '/api/subscriptions')).status).toBe(401);
    expect((await passkeyStep(replay, (request) => authenticator.assert(request))).status).toBe(204);
  });

  it('confirms it’s you, and an admin who must have a second factor keeps the last one', async () => {
    const mei = browser();
    await mei.signIn('mei@contoso.tw');
    expect((await mei.call('PUT', '/api/organization/security', { requireMfa: true })).status).toBe(200);
    const kevin = browser();
    expect((await kevin.signIn('kevin@contoso.tw')).body.next).toBe('set_up_second_factor');
    const { authenticator } = await registerPasskey(kevin);
    expect((await kevin.call('GET', '/api/subscriptions')).status, 'the passkey completed the sign-in').toBe(
      200,
    );

    const request = await kevin.call('POST', '/api/auth/passkey-options');
    const confirmed = await kevin.call('POST', '/api/auth/reauthenticate', {
      passkey: authenticator.assert(request.body),
    });
    expect(confirmed.status).toBe(204);
    const removed = await kevin.call('DELETE', `/api/me/security/passkeys/${authenticator.id}`);
    expect(removed).toMatchObject({ status: 409, body: { code: 'mfa_required_by_organization' } });
  });
});
