import { describe, expect, it } from 'vitest';
import { runBilling } from '../src/billing/run-billing.js';
import { premium, providerClient, setupTestApp, subscriptionByProduct } from './harness.js';
import { invoicedCustomerWithAdmin } from './support/customers.js';

const t = setupTestApp();

async function provider() {
  return (await providerClient(t, { name: 'books' })).call;
}

const today = () => new Date().toISOString().slice(0, 10);

describe('a customer’s credit balance', () => {
  it('a credit note to the balance pays what is owed now, oldest first; the rest waits for the next invoices', async () => {
    const call = await provider();
    const kevin = await t.signIn('kevin@contoso.tw');
    const premiumSubscription = await subscriptionByProduct(kevin, premium);
    const before = (await kevin.get('/api/billing/summary')).body;
    // More than Contoso owes in all: everything is paid, the rest kept.
    const credit = before.outstandingMinor + 500_000;
    const contoso = await contosoId(call);
    const note = await call('POST', `/organizations/${contoso}/credit-notes`, {
      amountMinor: credit,
      reason: 'service_issue',
      note: 'Outage in November',
    });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({
      kind: 'customer_balance',
      subscriptionId: null,
      lines: [],
      amountMinor: credit,
    });
    const after = (await kevin.get('/api/billing/summary')).body;
    expect(after).toMatchObject({
      outstandingMinor: 0,
      pastDueSubscriptions: 0,
      creditBalanceMinor: 500_000,
    });
    expect((await kevin.get(`/api/subscriptions/${premiumSubscription.id}`)).body).toMatchObject({
      status: 'active',
      amountDueMinor: 0,
    });
    const applied = (
      await call('GET', `/payments?subscriptionId=${premiumSubscription.id}`)
    ).body.items.filter((payment: { method: string }) => payment.method === 'credit_balance');
    expect(applied.length).toBeGreaterThan(0);
    expect(await t.ledgerProblems()).toEqual([]);

    // The next renewals are paid from what is left before any card is charged.
    const periodEnd = (await kevin.get(`/api/subscriptions/${premiumSubscription.id}`)).body.nextBillingDate;
    await runBilling({ db: t.db, gateway: t.gateway, now: new Date(`${periodEnd}T12:00:00Z`) });
    const renewals = await t.db
      .selectFrom('invoices')
      .select(['id', 'amount_minor'])
      .where('organization_id', '=', contoso)
      .where('issued_on', '=', periodEnd)
      .orderBy('number')
      .execute();
    expect(renewals.length).toBeGreaterThan(0);
    const renewedMinor = renewals.reduce((sum, invoice) => sum + invoice.amount_minor, 0n);
    const left = 500_000n > renewedMinor ? 500_000n - renewedMinor : 0n;
    expect(BigInt((await kevin.get('/api/billing/summary')).body.creditBalanceMinor)).toBe(left);
    const fromCredit = await t.db
      .selectFrom('payment_invoices')
      .innerJoin('payments', 'payments.id', 'payment_invoices.payment_id')
      .select('payment_invoices.invoice_id')
      .where('payments.method', '=', 'credit_balance')
      .where('payment_invoices.invoice_id', '=', renewals[0]?.id as string)
      .execute();
    expect(fromCredit).toHaveLength(1);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('money paid beyond an invoice goes to the balance and pays the customer’s other open invoices', async () => {
    const call = await provider();
    const northwind = await invoicedCustomerWithAdmin(t, call, {
      name: 'Northwind Traders',
      email: 'nancy@northwind.example',
    });
    const first = await call('POST', `/organizations/${northwind.organizationId}/subscriptions`, {
      priceId: northwind.priceId,
      licenses: 2,
    });
    await call('POST', `/organizations/${northwind.organizationId}/subscriptions`, {
      priceId: northwind.priceId,
      licenses: 1,
    });
    const [firstInvoice] = (await call('GET', `/invoices?subscriptionId=${first.body.id}`)).body.items;
    // $60.00 owed on the first, $30.00 on the second; $100.00 arrives for the first.
    const paid = await call('POST', `/invoices/${firstInvoice.id}/payments`, {
      amountMinor: 10_000,
      method: 'bank_transfer',
      reference: 'TXN-OVER',
      receivedOn: today(),
    });
    expect(paid.body).toMatchObject({ amountMinor: 10_000, invoiceIds: [firstInvoice.id] });
    const invoices = (await call('GET', `/invoices?organizationId=${northwind.organizationId}`)).body.items;
    expect(invoices.map((invoice: { status: string }) => invoice.status)).toEqual(['paid', 'paid']);
    const summary = (await northwind.admin('GET', '/api/billing/summary')).body;
    expect(summary).toMatchObject({ outstandingMinor: 0, creditBalanceMinor: 1_000 });
    // A new sale is paid from the balance first: $10.00 of its $30.00, the rest owed in its days.
    await call('POST', `/organizations/${northwind.organizationId}/subscriptions`, {
      priceId: northwind.priceId,
      licenses: 1,
    });
    expect((await northwind.admin('GET', '/api/billing/summary')).body).toMatchObject({
      outstandingMinor: 2_000,
      creditBalanceMinor: 0,
    });
    expect(await t.ledgerProblems()).toEqual([]);
  });
});

async function contosoId(call: Awaited<ReturnType<typeof provider>>) {
  const all = (await call('GET', '/organizations?limit=100')).body.items as { id: string; name: string }[];
  return all.find((organization) => organization.name === '康拓科技股份有限公司')?.id as string;
}
