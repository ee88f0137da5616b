import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { premium, providerClient, setupTestApp, subscriptionByProduct, tokenize } from './harness.js';
import { invoicedCustomerWithAdmin } from './support/customers.js';

const t = setupTestApp();

async function provider() {
  return (await providerClient(t, { name: 'books' })).call;
}

const today = () => new Date().toISOString().slice(0, 10);

describe('payments outside a card', () => {
  it('a bank transfer pays part of an invoice, then the rest: the rest still owed between, paid once in full', async () => {
    const call = await provider();
    const northwind = await invoicedCustomerWithAdmin(t, call, {
      name: 'Northwind Traders',
      email: 'nancy@northwind.example',
    });
    const sold = await call('POST', `/organizations/${northwind.organizationId}/subscriptions`, {
      priceId: northwind.priceId,
      licenses: 2,
    });
    const [invoice] = (await call('GET', `/invoices?subscriptionId=${sold.body.id}`)).body.items;
    const key = { 'idempotency-key': 'transfer-0001' };
    const transfer = {
      amountMinor: 2_000,
      method: 'bank_transfer',
      reference: 'TXN-0001',
      receivedOn: today(),
    };
    const part = await call('POST', `/invoices/${invoice.id}/payments`, transfer, key);
    expect(part.status).toBe(201);
    expect(part.body).toMatchObject({
      object: 'payment',
      status: 'succeeded',
      method: 'bank_transfer',
      amountMinor: 2_000,
      card: null,
      reference: 'TXN-0001',
      receivedOn: today(),
      invoiceIds: [invoice.id],
    });
    // The same request again: the same payment, nothing recorded twice.
    expect(await call('POST', `/invoices/${invoice.id}/payments`, transfer, key)).toEqual(part);
    expect((await call('GET', `/invoices/${invoice.id}`)).body).toMatchObject({
      status: 'open',
      amountPaidMinor: 2_000,
      amountDueMinor: 4_000,
    });
    const [listed] = (await northwind.admin('GET', '/api/subscriptions')).body.items;
    expect(listed.amountDueMinor).toBe(4_000);
    const bills = (await northwind.admin('GET', '/api/invoices')).body;
    expect(bills[0]).toMatchObject({ amountMinor: 6_000, amountPaidMinor: 2_000, status: 'open' });
    expect(await t.ledgerProblems()).toEqual([]);

    // The rest, exactly, pays it (more would go to the customer's credit balance: test/credit-balance.test.ts).
    const rest = await call('POST', `/invoices/${invoice.id}/payments`, {
      amountMinor: 4_000,
      method: 'cheque',
      reference: 'CHQ 123456',
      receivedOn: today(),
    });
    expect(rest.status).toBe(201);
    expect((await call('GET', `/invoices/${invoice.id}`)).body).toMatchObject({
      status: 'paid',
      amountDueMinor: 0,
      paymentId: rest.body.id,
    });
    expect((await call('GET', `/payments?subscriptionId=${sold.body.id}`)).body.items).toHaveLength(2);
    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/invoices/${invoice.id}/pdf`,
      headers: { cookie: northwind.cookie },
    });
    expect(execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf.rawPayload }).toString()).toMatch(
      /Paid on .+ by cheque \(CHQ 123456\)/,
    );
    expect(await t.ledgerProblems()).toEqual([]);
    // Money that came outside a card goes back outside Settle: the processor has nothing to refund.
    const refund = await call('POST', `/payments/${rest.body.id}/refunds`, { reason: 'other' });
    expect(refund).toMatchObject({ status: 409, body: { code: 'payment_not_refundable' } });
    // A part-paid invoice is not voided: its rest is credited instead.
    const events = await t.db
      .selectFrom('events')
      .select('type')
      .where('organization_id', '=', northwind.organizationId)
      .where('type', 'in', ['payment.succeeded', 'invoice.paid'])
      .orderBy('sequence')
      .execute();
    expect(events.map((event) => event.type)).toEqual([
      'payment.succeeded',
      'payment.succeeded',
      'invoice.paid',
    ]);
  });

  it('a part-paid invoice of a card customer is settled by card for the rest, and cannot be voided', async () => {
    const call = await provider();
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await subscriptionByProduct(kevin, premium);
    const [first] = (await call('GET', `/invoices?subscriptionId=${subscription.id}&status=open`)).body.items;
    await call('POST', `/invoices/${first.id}/payments`, {
      amountMinor: 100_000,
      method: 'cash',
      receivedOn: today(),
    });
    const voided = await call('POST', `/invoices/${first.id}/void`, { reason: 'Mistake' });
    expect(voided).toMatchObject({ status: 409, body: { code: 'invoice_partly_paid' } });
    const card = await tokenize(t.app, '4242 4242 4242 4242');
    const settled = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor - 100_000,
      card: { kind: 'new', token: card.body.token },
    });
    expect(settled.body).toMatchObject({
      status: 'succeeded',
      amountMinor: subscription.amountDueMinor - 100_000,
    });
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body).toMatchObject({
      status: 'active',
      amountDueMinor: 0,
    });
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('refuses bad input in the reader’s language and changes nothing', async () => {
    const call = await provider();
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await subscriptionByProduct(kevin, premium);
    const [first] = (await call('GET', `/invoices?subscriptionId=${subscription.id}&status=open`)).body.items;
    const before = await t.snapshot();
    const refuse = (body: Record<string, unknown>, invoiceId = first.id) =>
      call(
        'POST',
        `/invoices/${invoiceId}/payments`,
        { amountMinor: 1_000, method: 'bank_transfer', receivedOn: today(), ...body },
        { 'accept-language': 'zh-TW' },
      );
    expect((await refuse({ amountMinor: -100 })).body.code).toBe('validation_failed');
    expect((await refuse({ amountMinor: 0 })).body.code).toBe('validation_failed');
    expect((await refuse({ amountMinor: 150 })).body.code, 'TWD in whole dollars').toBe('validation_failed');
    expect((await refuse({ currency: 'USD' })).body.code).toBe('currency_mismatch');
    expect((await refuse({ method: 'card' })).body.code).toBe('validation_failed');
    expect((await refuse({ receivedOn: '2999-01-01' })).body.code).toBe('validation_failed');
    expect((await refuse({}, randomUUID())).status).toBe(404);
    expect(await t.snapshot()).toEqual(before);
  });
});
