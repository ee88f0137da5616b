import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/domain/permissions.js';
import { type Client, premium, startTestApp, type TestApp, tokenize } from './harness.js';

let t: TestApp;
const clients = {} as Record<Role, Client>;
let own: { subscription: string; card: string; invoice: string; amount: number };
let other: { subscription: string; card: string; invoice: string; amount: number };

async function idsFor(client: Client) {
  const subscription = (await client.get('/api/subscriptions')).body.items.find(
    (s: { productName: string }) => s.productName === premium,
  );
  const card = (await client.get('/api/payment-methods')).body[0].id;
  const invoice = (await client.get('/api/invoices')).body[0].id;
  return { subscription: subscription.id, card, invoice, amount: subscription.amountDueMinor };
}

beforeAll(async () => {
  t = await startTestApp();
  clients.global_admin = await t.signIn('mei@contoso.tw');
  clients.billing_admin = await t.signIn('kevin@contoso.tw');
  clients.global_reader = await t.signIn('reader@contoso.tw');
  clients.user = await t.signIn('lee@contoso.tw');
  own = await idsFor(clients.global_admin);
  other = await idsFor(await t.signIn('alex@fabrikam.com'));
});
afterAll(async () => {
  await t.close();
});

type Ids = typeof own;
interface Route {
  name: string;
  call: (client: Client, ids: Ids) => Promise<{ status: number; body: { code?: string } }>;
  needs: 'signed-in' | 'billing.read' | 'billing.manage' | 'audit.read' | 'organization.security';
  /** Routes that name no resource of an organization cannot be pointed at another one. */
  perTenant: boolean;
}

const routes: Route[] = [
  { name: 'GET /api/me', call: (c) => c.get('/api/me'), needs: 'signed-in', perTenant: false },
  {
    name: 'GET /api/subscriptions',
    call: (c) => c.get('/api/subscriptions'),
    needs: 'billing.read',
    perTenant: false,
  },
  {
    name: 'GET /api/billing/summary',
    call: (c) => c.get('/api/billing/summary'),
    needs: 'billing.read',
    perTenant: false,
  },
  {
    name: 'GET /api/subscriptions/:id',
    call: (c, ids) => c.get(`/api/subscriptions/${ids.subscription}`),
    needs: 'billing.read',
    perTenant: true,
  },
  {
    name: 'GET /api/payment-methods',
    call: (c) => c.get('/api/payment-methods'),
    needs: 'billing.read',
    perTenant: false,
  },
  { name: 'GET /api/invoices', call: (c) => c.get('/api/invoices'), needs: 'billing.read', perTenant: false },
  {
    name: 'GET /api/invoices/:id/pdf',
    call: async (c, ids) => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/invoices/${ids.invoice}/pdf`,
        headers: { cookie: c.cookie },
      });
      return {
        status: response.statusCode,
        body: response.statusCode === 200 ? {} : JSON.parse(response.body),
      };
    },
    needs: 'billing.read',
    perTenant: true,
  },
  { name: 'GET /api/audit-log', call: (c) => c.get('/api/audit-log'), needs: 'audit.read', perTenant: false },
  { name: 'GET /api/messages', call: (c) => c.get('/api/messages'), needs: 'signed-in', perTenant: false },
  {
    name: 'PUT /api/me/preferences',
    call: (c) => c.send('PUT', '/api/me/preferences', { attachInvoicePdf: true }),
    needs: 'billing.manage',
    perTenant: false,
  },
  {
    name: 'GET /api/subscriptions/:id/renewal',
    call: (c, ids) => c.get(`/api/subscriptions/${ids.subscription}/renewal`),
    needs: 'billing.read',
    perTenant: true,
  },
  {
    name: 'GET /api/subscriptions/:id/licenses',
    call: (c, ids) => c.get(`/api/subscriptions/${ids.subscription}/licenses?licenses=3`),
    needs: 'billing.read',
    perTenant: true,
  },
  {
    name: 'PUT /api/subscriptions/:id/licenses',
    // Fewer licenses on a past-due subscription: allowed, and nothing to charge.
    call: (c, ids) => c.send('PUT', `/api/subscriptions/${ids.subscription}/licenses`, { licenses: 24 }),
    needs: 'billing.manage',
    perTenant: true,
  },
  {
    name: 'PATCH /api/subscriptions/:id',
    call: (c, ids) => c.send('PATCH', `/api/subscriptions/${ids.subscription}`, { recurringBilling: true }),
    needs: 'billing.manage',
    perTenant: true,
  },
  {
    name: 'PUT /api/me/locale',
    call: (c) => c.send('PUT', '/api/me/locale', { locale: 'zh-TW' }),
    needs: 'signed-in',
    perTenant: false,
  },
  {
    name: 'POST /api/subscriptions/:id/settle',
    // A stale amount: authorized callers are refused for the balance, never for their role.
    call: (c, ids) =>
      c.send('POST', `/api/subscriptions/${ids.subscription}/settle`, {
        expectedAmountMinor: 1,
        card: { kind: 'existing', paymentMethodId: ids.card },
      }),
    needs: 'billing.manage',
    perTenant: true,
  },
  {
    name: 'POST /api/payment-methods',
    call: async (c) =>
      c.send('POST', '/api/payment-methods', {
        token: (await tokenize(t.app, '4242424242424242')).body.token,
      }),
    needs: 'billing.manage',
    perTenant: false,
  },
  {
    name: 'PATCH /api/payment-methods/:id',
    call: (c, ids) => c.send('PATCH', `/api/payment-methods/${ids.card}`, { expMonth: 5, expYear: 2031 }),
    needs: 'billing.manage',
    perTenant: true,
  },
  {
    name: 'POST /api/payment-methods/:id/replace',
    call: (c, ids) =>
      c.send('POST', `/api/payment-methods/${ids.card}/replace`, { subscriptionIds: [ids.subscription] }),
    needs: 'billing.manage',
    perTenant: true,
  },
  {
    name: 'DELETE /api/payment-methods/:id',
    call: (c, ids) => c.send('DELETE', `/api/payment-methods/${ids.card}`, undefined),
    needs: 'billing.manage',
    perTenant: true,
  },
  {
    name: 'POST /api/subscriptions/:id/cancel',
    call: (c, ids) => c.send('POST', `/api/subscriptions/${ids.subscription}/cancel`, { when: 'period_end' }),
    needs: 'billing.manage',
    perTenant: true,
  },
  {
    name: 'POST /api/subscriptions/:id/reactivate',
    call: (c, ids) => c.send('POST', `/api/subscriptions/${ids.subscription}/reactivate`, {}),
    needs: 'billing.manage',
    perTenant: true,
  },
  {
    name: 'GET /api/billing/account',
    call: (c) => c.get('/api/billing/account'),
    needs: 'billing.read',
    perTenant: false,
  },
  {
    name: 'PUT /api/billing/account',
    // The demo's own details again: allowed roles change nothing, the others are refused.
    call: (c) =>
      c.send('PUT', '/api/billing/account', {
        billingAddress: '110 台北市信義區信義路五段 7 號 35 樓',
        taxId: '12345675',
      }),
    needs: 'billing.manage',
    perTenant: false,
  },
  { name: 'GET /api/users', call: (c) => c.get('/api/users'), needs: 'audit.read', perTenant: false },
  {
    name: 'GET /api/me/security',
    call: (c) => c.get('/api/me/security'),
    needs: 'signed-in',
    perTenant: false,
  },
  {
    name: 'GET /api/me/sessions',
    call: (c) => c.get('/api/me/sessions'),
    needs: 'signed-in',
    perTenant: false,
  },
  {
    name: 'PUT /api/organization/security',
    // Setting it to what it is already: allowed roles change nothing, the others are refused.
    call: (c) => c.send('PUT', '/api/organization/security', { requireMfa: false }),
    needs: 'organization.security',
    perTenant: false,
  },
];

const grants: Record<Role, Route['needs'][]> = {
  global_admin: ['signed-in', 'billing.read', 'billing.manage', 'audit.read', 'organization.security'],
  billing_admin: ['signed-in', 'billing.read', 'billing.manage'],
  global_reader: ['signed-in', 'billing.read', 'audit.read'],
  user: ['signed-in'],
};
const roleNames = Object.keys(grants) as Role[];

describe('every route × role, in the caller’s own organization', () => {
  const cases = routes.flatMap((route) => roleNames.map((role) => [route.name, role, route] as const));
  it.each(cases)('%s as %s', async (_name, role, route) => {
    const response = await route.call(clients[role], own);
    expect(response.status).not.toBe(401);
    if (grants[role].includes(route.needs)) {
      // Allowed: whatever the answer, it is not a refusal of the role.
      expect(response.body?.code).not.toBe('permission_denied');
    } else {
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('permission_denied');
    }
  });
});

describe('every route that names a resource × role, pointed at another organization', () => {
  const cases = routes
    .filter((route) => route.perTenant)
    .flatMap((route) => roleNames.map((role) => [route.name, role, route] as const));
  it.each(cases)('%s as %s finds nothing and changes nothing', async (_name, role, route) => {
    const before = await t.snapshot();
    const response = await route.call(clients[role], other);
    expect([403, 404]).toContain(response.status);
    expect(await t.snapshot()).toEqual(before);
  });
});
