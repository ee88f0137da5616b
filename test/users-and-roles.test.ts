import { describe, expect, it } from 'vitest';
import { setupTestApp } from './harness.js';

const t = setupTestApp();

describe('Users and roles', () => {
  it('a Global admin sees the users, invites one, changes a role (their sessions end) and removes one; all audited', async () => {
    const mei = await t.signIn('mei@contoso.tw');
    const users = (await mei.get('/api/users')).body as { email: string; role: string; status: string }[];
    expect(users.map((u) => u.email)).toEqual(
      expect.arrayContaining(['mei@contoso.tw', 'kevin@contoso.tw', 'reader@contoso.tw', 'lee@contoso.tw']),
    );
    expect(
      users.some((u) => u.email.endsWith('fabrikam.com')),
      'only her organization',
    ).toBe(false);

    const invited = await mei.send('POST', '/api/users', {
      email: 'chen@contoso.tw',
      displayName: '陳小芳',
      role: 'billing_admin',
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({
      emailed: false,
      acceptUrl: expect.stringContaining('/accept-invitation#token='),
    });
    const listed = (await mei.get('/api/users')).body as { email: string; status: string; id: string }[];
    expect(listed.find((u) => u.email === 'chen@contoso.tw')).toMatchObject({ status: 'invited' });

    const kevin = await t.signIn('kevin@contoso.tw');
    const kevinId = listed.find((u) => u.email === 'kevin@contoso.tw')?.id;
    expect((await mei.send('PUT', `/api/users/${kevinId}/role`, { role: 'global_reader' })).status).toBe(204);
    expect((await kevin.get('/api/me')).status, 'his session ended with his rights').toBe(401);
    const again = await t.signIn('kevin@contoso.tw');
    expect((await again.get('/api/me')).body.role).toBe('global_reader');

    const leeId = listed.find((u) => u.email === 'lee@contoso.tw')?.id;
    expect((await mei.send('DELETE', `/api/users/${leeId}`, undefined)).status).toBe(204);
    await expect(t.signIn('lee@contoso.tw')).rejects.toThrow(/sign-in failed/);
    expect(((await mei.get('/api/users')).body as { email: string }[]).map((u) => u.email)).not.toContain(
      'lee@contoso.tw',
    );

    const audit = ((await mei.get('/api/audit-log')).body as { action: string }[]).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['user.invited', 'user.role_changed', 'user.removed']));
  });

  it('keeps at least one Global admin, and lets nobody else manage users', async () => {
    const mei = await t.signIn('mei@contoso.tw');
    const users = (await mei.get('/api/users')).body as { email: string; id: string }[];
    const meiId = users.find((u) => u.email === 'mei@contoso.tw')?.id;
    const demote = await mei.send(
      'PUT',
      `/api/users/${meiId}/role`,
      { role: 'billing_admin' },
      { 'accept-language': 'zh-TW' },
    );
    expect(demote).toMatchObject({
      status: 409,
      body: { code: 'last_global_admin', message: expect.stringContaining('全域系統管理員') },
    });
    expect((await mei.send('DELETE', `/api/users/${meiId}`, undefined)).body.code).toBe('last_global_admin');

    const kevin = await t.signIn('kevin@contoso.tw');
    const reader = await t.signIn('reader@contoso.tw');
    expect((await reader.get('/api/users')).status, 'a Global reader may look').toBe(200);
    expect((await kevin.get('/api/users')).status).toBe(403);
    expect((await kevin.send('POST', '/api/users', { email: 'x@contoso.tw', displayName: 'X' })).status).toBe(
      403,
    );
    expect((await reader.send('PUT', `/api/users/${meiId}/role`, { role: 'user' })).status).toBe(403);

    const alex = await t.signIn('alex@fabrikam.com');
    expect(
      (await alex.send('DELETE', `/api/users/${meiId}`, undefined)).status,
      'another organization’s user',
    ).toBe(404);
  });
});

describe('the billing account', () => {
  it('shows how the organization is billed; Billing admins change its address and 統一編號 (checked), readers only see', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const account = (await kevin.get('/api/billing/account')).body;
    expect(account).toMatchObject({
      name: '康拓科技股份有限公司',
      country: 'TW',
      taxId: '12345675',
      collectionMethod: 'charge_automatically',
    });
    const wrong = await kevin.send(
      'PUT',
      '/api/billing/account',
      { billingAddress: account.billingAddress, taxId: '12345678' },
      { 'accept-language': 'zh-TW' },
    );
    expect(wrong).toMatchObject({ status: 400, body: { code: 'tax_id_invalid' } });
    const changed = await kevin.send('PUT', '/api/billing/account', {
      billingAddress: '100 台北市中正區重慶南路一段 122 號',
      taxId: '24549210',
    });
    expect(changed.body).toMatchObject({
      billingAddress: '100 台北市中正區重慶南路一段 122 號',
      taxId: '24549210',
    });
    const reader = await t.signIn('reader@contoso.tw');
    expect((await reader.get('/api/billing/account')).status).toBe(200);
    expect(
      (await reader.send('PUT', '/api/billing/account', { billingAddress: null, taxId: null })).status,
    ).toBe(403);
    const lee = await t.signIn('lee@contoso.tw');
    expect((await lee.get('/api/billing/account')).status).toBe(403);
  });
});
