import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isTransferAccountNumber } from '../src/domain/transfer-account.js';
import { providerClient, setupTestApp } from './harness.js';
import { invoicedCustomerWithAdmin, invoicedUsCustomer } from './support/customers.js';

const t = setupTestApp();

const today = () => new Date().toISOString().slice(0, 10);

async function provider() {
  return (await providerClient(t, { name: 'books' })).call;
}

/** A send_invoice customer owing one invoice of US$60.00 (two licenses at US$30.00). */
async function customerOwing(call: Awaited<ReturnType<typeof provider>>, name: string, email: string) {
  const customer = await invoicedCustomerWithAdmin(t, call, { name, email });
  const sold = await call('POST', `/organizations/${customer.organizationId}/subscriptions`, {
    priceId: customer.priceId,
    licenses: 2,
  });
  const [invoice] = (await call('GET', `/invoices?subscriptionId=${sold.body.id}`)).body.items;
  const organization = (await call('GET', `/organizations/${customer.organizationId}`)).body;
  return {
    ...customer,
    subscriptionId: sold.body.id,
    invoice,
    account: organization.transferAccountNumber as string,
  };
}

describe('bank transfers to a customer’s own account', () => {
  it('gives every customer its own account under the seller’s bank prefix, printed where it pays', async () => {
    const call = await provider();
    const seller = (await call('GET', '/seller-profile')).body;
    expect(seller.bankTransfer).toEqual({
      bankCode: '999',
      bankName: 'Settle Sandbox Bank',
      accountPrefix: '9921',
    });
    const northwind = await customerOwing(call, 'Northwind Traders', 'nancy@northwind.example');
    const tailspin = await customerOwing(call, 'Tailspin Toys', 'tim@tailspin.example');
    expect(isTransferAccountNumber(northwind.account)).toBe(true);
    expect(northwind.account.startsWith('9921')).toBe(true);
    expect(tailspin.account).not.toBe(northwind.account);

    const summary = (await northwind.admin('GET', '/api/billing/summary')).body;
    expect(summary.bankTransfer).toEqual({
      bankCode: '999',
      bankName: 'Settle Sandbox Bank',
      accountName: 'Settle Demo Cloud Co., Ltd.',
      accountNumber: northwind.account,
    });
    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/invoices/${northwind.invoice.id}/pdf`,
      headers: { cookie: northwind.cookie },
    });
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf.rawPayload }).toString();
    expect(text).toContain('Pay by bank transfer');
    expect(text).toContain(`Account number: ${northwind.account}`);

    // A customer charged by card is not asked to transfer money.
    const carded = await call('POST', '/organizations', {
      ...invoicedUsCustomer('Contoso Cards'),
      collectionMethod: 'charge_automatically',
      daysUntilDue: undefined,
    });
    expect(isTransferAccountNumber(carded.body.transferAccountNumber)).toBe(true);
  });

  it('pays the oldest open invoice, then the next, and keeps the rest as credit; the same notice again moves nothing', async () => {
    const call = await provider();
    const northwind = await customerOwing(call, 'Northwind Traders', 'nancy@northwind.example');
    const second = await call('POST', `/organizations/${northwind.organizationId}/subscriptions`, {
      priceId: northwind.priceId,
      licenses: 1,
    });
    const [secondInvoice] = (await call('GET', `/invoices?subscriptionId=${second.body.id}`)).body.items;
    const notice = {
      accountNumber: northwind.account,
      bankReference: 'FXML-20261205-000123',
      amountMinor: 10_000,
      currency: 'USD',
      receivedOn: today(),
    };
    const received = await call('POST', '/bank-transfers', notice);
    expect(received.status).toBe(201);
    expect(received.body).toMatchObject({
      object: 'bank_transfer',
      organizationId: northwind.organizationId,
      amountMinor: 10_000,
      amountAppliedMinor: 9_000,
      amountCreditedMinor: 1_000,
    });
    expect(received.body.paymentIds).toHaveLength(2);
    expect((await call('GET', `/invoices/${northwind.invoice.id}`)).body).toMatchObject({ status: 'paid' });
    expect((await call('GET', `/invoices/${secondInvoice.id}`)).body).toMatchObject({ status: 'paid' });
    const payments = (await call('GET', `/payments?organizationId=${northwind.organizationId}`)).body.items;
    expect(payments.map((p: { id: string }) => p.id).sort()).toEqual([...received.body.paymentIds].sort());
    expect(
      payments.find((p: { invoiceIds: string[] }) => p.invoiceIds[0] === northwind.invoice.id),
    ).toMatchObject({
      method: 'bank_transfer',
      reference: 'FXML-20261205-000123',
      bankTransferId: received.body.id,
      amountMinor: 6_000,
      invoiceIds: [northwind.invoice.id],
    });
    expect((await northwind.admin('GET', '/api/billing/summary')).body).toMatchObject({
      outstandingMinor: 0,
      creditBalanceMinor: 1_000,
    });

    // The bank sends its notice again (under another key): the same transfer, nothing moved.
    const again = await call('POST', '/bank-transfers', notice);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(received.body);
    expect(
      (await call('GET', `/bank-transfers?organizationId=${northwind.organizationId}`)).body.items,
    ).toEqual([received.body]);
    const balance = (await call('GET', `/organizations/${northwind.organizationId}/credit-balance`)).body;
    expect(balance).toEqual({
      object: 'credit_balance',
      organizationId: northwind.organizationId,
      currency: 'USD',
      amountMinor: 1_000,
    });
    const changes = (await call('GET', '/events?type=credit_balance.changed')).body.items;
    expect(changes.map((event: { data: unknown }) => event.data)).toEqual([
      { object: balance, previousAmountMinor: 0 },
    ]);
    const events = (await call('GET', '/events?type=bank_transfer.received')).body.items;
    expect(events.map((event: { data: { object: unknown } }) => event.data.object)).toEqual([received.body]);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('pays the invoice its memo names first, and pays part when short: the rest still owed', async () => {
    const call = await provider();
    const northwind = await customerOwing(call, 'Northwind Traders', 'nancy@northwind.example');
    const second = await call('POST', `/organizations/${northwind.organizationId}/subscriptions`, {
      priceId: northwind.priceId,
      licenses: 1,
    });
    const [secondInvoice] = (await call('GET', `/invoices?subscriptionId=${second.body.id}`)).body.items;
    const short = await call('POST', '/bank-transfers', {
      accountNumber: northwind.account,
      bankReference: 'FXML-1',
      amountMinor: 2_000,
      currency: 'USD',
      receivedOn: today(),
      memo: `For ${secondInvoice.number.toLowerCase()}, thanks`,
    });
    expect(short.body).toMatchObject({ amountAppliedMinor: 2_000, amountCreditedMinor: 0 });
    expect((await call('GET', `/invoices/${secondInvoice.id}`)).body).toMatchObject({
      status: 'open',
      amountPaidMinor: 2_000,
      amountDueMinor: 1_000,
    });
    expect((await call('GET', `/invoices/${northwind.invoice.id}`)).body).toMatchObject({
      amountPaidMinor: 0,
    });
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('refuses a notice it cannot place, and changes nothing', async () => {
    const call = await provider();
    const northwind = await customerOwing(call, 'Northwind Traders', 'nancy@northwind.example');
    const good = {
      accountNumber: northwind.account,
      bankReference: 'FXML-9',
      amountMinor: 1_000,
      currency: 'USD',
      receivedOn: today(),
    };
    const mistyped = `${northwind.account.slice(0, 13)}${(Number(northwind.account.slice(13)) + 1) % 10}`;
    const refusals = [
      [{ ...good, accountNumber: mistyped }, 400, 'validation_failed'],
      [{ ...good, accountNumber: '9921' }, 400, 'validation_failed'],
      [{ ...good, currency: 'TWD' }, 400, 'currency_mismatch'],
      [{ ...good, amountMinor: -5 }, 400, 'validation_failed'],
      [{ ...good, receivedOn: '2999-01-01' }, 400, 'validation_failed'],
    ] as const;
    for (const [body, status, code] of refusals) {
      const refused = await call('POST', '/bank-transfers', body);
      expect([refused.status, refused.body.code], JSON.stringify(body)).toEqual([status, code]);
    }
    // A well-formed number no customer has.
    const { transferAccountNumber } = await import('../src/domain/transfer-account.js');
    const nobody = await call('POST', '/bank-transfers', {
      ...good,
      accountNumber: transferAccountNumber('9921', 99_999n),
    });
    expect([nobody.status, nobody.body.code]).toEqual([404, 'transfer_account_not_found']);
    expect((await call('GET', '/bank-transfers')).body.items).toEqual([]);

    // One reference, another amount: the bank's mistake is named, not recorded.
    expect((await call('POST', '/bank-transfers', good)).status).toBe(201);
    const reused = await call('POST', '/bank-transfers', { ...good, amountMinor: 2_000 });
    expect([reused.status, reused.body.code]).toEqual([409, 'bank_reference_reused']);
    expect((await call('GET', '/bank-transfers')).body.items).toHaveLength(1);
    expect(await t.ledgerProblems()).toEqual([]);
  });
});
