import { describe, expect, it } from 'vitest';
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
