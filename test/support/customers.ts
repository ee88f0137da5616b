import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Response } from '../harness.js';

/** A US customer paid by invoice, as the provider API takes it: the tests' usual new organization. */
export function invoicedUsCustomer(name = 'Northwind Traders') {
  return {
    name,
    country: 'US',
    currency: 'USD',
    locale: 'en-US',
    taxRateBp: 0,
    collectionMethod: 'send_invoice',
    daysUntilDue: 30,
  } as const;
}

type ProviderCall = (method: string, url: string, body?: unknown) => Promise<Omit<Response, 'headers'>>;

/**
 * A new customer paid by invoice, sold a USD plan through the provider API, with a Global admin who
 * accepted the invitation: what a provider's first send_invoice customer looks like to both sides.
 */
export async function invoicedCustomerWithAdmin(
  t: { app: FastifyInstance },
  call: ProviderCall,
  options: { name: string; email: string },
) {
  const organization = await call('POST', '/organizations', invoicedUsCustomer(options.name));
  const product = await call('POST', '/products', {
    name: { enUS: `${options.name} Copilot`, zhTW: `${options.name} Copilot 智慧助理` },
    prices: [{ currency: 'USD', billingFrequency: 'monthly', unitAmountMinor: 3_000 }],
  });
  const invited = await call('POST', `/organizations/${organization.body.id}/invitations`, {
    email: options.email,
    displayName: 'Admin',
  });
  const token = /#token=([A-Za-z0-9_-]+)/.exec(invited.body.acceptUrl)?.[1];
  const accepted = await t.app.inject({
    method: 'POST',
    url: '/api/auth/invitations/accept',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    payload: JSON.stringify({ token, password: 'tea garden on a rainy hill' }),
  });
  if (accepted.statusCode !== 204) throw new Error(`accepting failed: ${accepted.body}`);
  const cookie = String(accepted.headers['set-cookie']).split(';')[0] ?? '';
  const admin = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await t.app.inject({
      method: method as 'GET',
      url,
      headers: {
        cookie,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' ? {} : { 'idempotency-key': randomUUID() }),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
  };
  return {
    cookie,
    organizationId: organization.body.id as string,
    priceId: product.body.prices[0].id as string,
    admin,
  };
}
