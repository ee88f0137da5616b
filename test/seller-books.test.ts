import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runDunning } from '../src/billing/run-dunning.js';
import { takeDocumentNumber } from '../src/billing/take-document-numbers.js';
import { phone, premium, providerClient, setupTestApp, subscriptionByProduct, tokenize } from './harness.js';
import { invoicedCustomerWithAdmin } from './support/customers.js';

const t = setupTestApp();

async function provider() {
  return (await providerClient(t, { name: 'books' })).call;
}

const days = (n: number) => new Date(Date.now() + n * 86_400_000);

describe('the seller’s document numbers', () => {
  it('are unique across transactions running at once, and a transaction that rolls back gives its number back', async () => {
    // As many transactions as the pool holds, each taking a number and holding it until it commits.
    const taken = await Promise.all(
      Array.from({ length: 12 }, () => t.db.transaction().execute((tx) => takeDocumentNumber(tx, 'invoice'))),
    );
    const values = taken.map((number) => Number(number.replace('INV-', ''))).sort((a, b) => a - b);
    expect(values).toEqual(values.map((_, index) => (values[0] as number) + index));
    const last = values.at(-1) as number;
    await expect(
      t.db.transaction().execute(async (tx) => {
        expect(await takeDocumentNumber(tx, 'invoice')).toBe(`INV-${last + 1}`);
        throw new Error('the invoice could not be written');
      }),
    ).rejects.toThrow('could not be written');
    expect(await t.db.transaction().execute((tx) => takeDocumentNumber(tx, 'invoice'))).toBe(
      `INV-${last + 1}`,
    );
  });
});

describe('due and past due', () => {
  it('an invoice not yet due is due on its date, not past due; after its date it is past due everywhere', async () => {
    const call = await provider();
    const northwind = await invoicedCustomerWithAdmin(t, call, {
      name: 'Northwind Traders',
      email: 'nancy@northwind.example',
    });
    const sold = await call('POST', `/organizations/${northwind.organizationId}/subscriptions`, {
      priceId: northwind.priceId,
      licenses: 2,
    });
    expect(sold.status).toBe(201);
    const [invoice] = (await call('GET', `/invoices?subscriptionId=${sold.body.id}`)).body.items;
    expect(invoice).toMatchObject({ status: 'open', amountMinor: 6_000 });

    const summary = await northwind.admin('GET', '/api/billing/summary');
    expect(summary.body).toMatchObject({ outstandingMinor: 6_000, pastDueSubscriptions: 0 });
    const [listed] = (await northwind.admin('GET', '/api/subscriptions')).body.items;
    expect(listed).toMatchObject({
      status: 'active',
      amountDueMinor: 6_000,
      pastDueSince: null,
      amountDueOn: invoice.dueOn,
    });
    expect((await call('GET', `/subscriptions/${sold.body.id}`)).body).toMatchObject({
      status: 'active',
      pastDueSince: null,
    });

    // The day after its due date, dunning's daily pass finds it unpaid: past due, for everyone.
    await runDunning({ db: t.db, gateway: t.gateway, now: days(31) });
    expect((await northwind.admin('GET', '/api/billing/summary')).body).toMatchObject({
      pastDueSubscriptions: 1,
    });
    const [overdue] = (await northwind.admin('GET', '/api/subscriptions')).body.items;
    expect(overdue).toMatchObject({ status: 'expired', pastDueSince: expect.any(String) });
    expect((await call('GET', `/subscriptions/${sold.body.id}`)).body.pastDueSince).not.toBeNull();
  });
});

describe('cancels stand', () => {
  it('a customer paid by invoice can be reactivated after a cancel: nothing is charged, its invoice stays due', async () => {
    const call = await provider();
    const northwind = await invoicedCustomerWithAdmin(t, call, {
      name: 'Northwind Traders',
      email: 'nancy@northwind.example',
    });
    const sold = await call('POST', `/organizations/${northwind.organizationId}/subscriptions`, {
      priceId: northwind.priceId,
      licenses: 2,
    });
    const charges = t.gateway.chargeCalls;
    expect((await call('POST', `/subscriptions/${sold.body.id}/cancel`, { when: 'now' })).body.status).toBe(
      'disabled',
    );
    const reactivated = await call('POST', `/subscriptions/${sold.body.id}/reactivate`);
    expect(reactivated.status).toBe(200);
    expect(reactivated.body).toMatchObject({ status: 'active', recurringBilling: true, pastDueSince: null });
    expect(t.gateway.chargeCalls).toBe(charges);
    const invoices = (await call('GET', `/invoices?subscriptionId=${sold.body.id}`)).body.items;
    expect(invoices).toEqual([expect.objectContaining({ status: 'open', amountMinor: 6_000 })]);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('paying what a canceled subscription still owes settles the money and leaves it canceled', async () => {
    const call = await provider();
    const kevin = await t.signIn('kevin@contoso.tw');
    const pastDue = await subscriptionByProduct(kevin, premium);
    expect(pastDue).toMatchObject({ status: 'expired', amountDueMinor: 3_300_000 });
    expect((await call('POST', `/subscriptions/${pastDue.id}/cancel`, { when: 'now' })).body.status).toBe(
      'disabled',
    );

    const card = await tokenize(t.app, '4242 4242 4242 4242');
    const settled = await kevin.send('POST', `/api/subscriptions/${pastDue.id}/settle`, {
      expectedAmountMinor: 3_300_000,
      card: { kind: 'new', token: card.body.token },
    });
    expect(settled.body.status).toBe('succeeded');
    expect((await kevin.get(`/api/subscriptions/${pastDue.id}`)).body).toMatchObject({
      status: 'disabled',
      recurringBilling: false,
      amountDueMinor: 0,
      pastDueSince: null,
    });
    expect((await call('GET', `/subscriptions/${pastDue.id}`)).body.status).toBe('disabled');
    expect(await t.ledgerProblems()).toEqual([]);
  });
});

describe('voiding an invoice', () => {
  it('voids an open invoice with a reason: kept with its number, no longer owed, the books sound, said once', async () => {
    const call = await provider();
    const kevin = await t.signIn('kevin@contoso.tw');
    const pastDue = await subscriptionByProduct(kevin, premium);
    const open = (await call('GET', `/invoices?subscriptionId=${pastDue.id}&status=open`)).body.items;
    expect(open).toHaveLength(2);
    const [first, second] = open;
    const key = { 'idempotency-key': 'void-first' };
    const voided = await call(
      'POST',
      `/invoices/${first.id}/void`,
      { reason: 'Billed twice by mistake' },
      key,
    );
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({
      id: first.id,
      number: first.number,
      status: 'void',
      voidReason: 'Billed twice by mistake',
      voidedAt: expect.any(String),
    });
    // The same request again answers the same, and changes nothing.
    const before = await t.snapshot();
    const again = await call(
      'POST',
      `/invoices/${first.id}/void`,
      { reason: 'Billed twice by mistake' },
      key,
    );
    expect(again).toEqual(voided);
    expect(await t.snapshot()).toEqual(before);
    expect(await t.ledgerProblems()).toEqual([]);

    // The admin owes the other invoice only; still past due for it.
    const details = (await kevin.get(`/api/subscriptions/${pastDue.id}`)).body;
    expect(details.amountDueMinor).toBe(pastDue.amountDueMinor - first.amountMinor);
    expect(details.pastDueSince).not.toBeNull();
    const bills = (await kevin.get('/api/invoices')).body as { number: string; status: string }[];
    expect(bills.find((bill) => bill.number === first.number)?.status).toBe('void');
    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/invoices/${first.id}/pdf`,
      headers: { cookie: kevin.cookie },
    });
    expect(pdf.statusCode).toBe(200);
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf.rawPayload }).toString();
    expect(text).toContain(first.number);
    expect(text).toMatch(/已作廢：於 .+ 作廢/);
    expect(text).toContain('Billed twice by mistake');

    // Voiding the last invoice it owed leaves nothing owed: no longer past due, back in good standing.
    const pastDueBefore = (await kevin.get('/api/billing/summary')).body.pastDueSubscriptions;
    expect((await call('POST', `/invoices/${second.id}/void`, { reason: 'Goodwill' })).status).toBe(200);
    expect((await kevin.get(`/api/subscriptions/${pastDue.id}`)).body).toMatchObject({
      status: 'active',
      amountDueMinor: 0,
      pastDueSince: null,
    });
    expect((await kevin.get('/api/billing/summary')).body.pastDueSubscriptions).toBe(pastDueBefore - 1);
    const events = await t.db
      .selectFrom('events')
      .select('type')
      .where('type', '=', 'invoice.voided')
      .execute();
    expect(events).toHaveLength(2);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('refuses what cannot be voided, in the reader’s language, and changes nothing', async () => {
    const call = await provider();
    const kevin = await t.signIn('kevin@contoso.tw');
    // Teams Phone's balance paid: its invoice is paid, and a paid invoice is refunded, not voided.
    const teams = await subscriptionByProduct(kevin, phone);
    const newCard = await tokenize(t.app, '4242 4242 4242 4242');
    const settled = await kevin.send('POST', `/api/subscriptions/${teams.id}/settle`, {
      expectedAmountMinor: teams.amountDueMinor,
      card: { kind: 'new', token: newCard.body.token },
    });
    expect(settled.body.status).toBe('succeeded');
    const [paid] = (await call('GET', `/invoices?subscriptionId=${teams.id}&status=paid`)).body.items;
    const before = await t.snapshot();
    const refused = await call(
      'POST',
      `/invoices/${paid?.id}/void`,
      { reason: 'Changed my mind' },
      { 'accept-language': 'zh-TW' },
    );
    expect(refused).toMatchObject({
      status: 409,
      body: { code: 'invoice_not_open', message: expect.stringContaining('作廢') },
    });
    expect((await call('POST', `/invoices/${randomUUID()}/void`, { reason: 'x' })).status).toBe(404);
    const blank = await call('POST', `/invoices/${paid?.id}/void`, { reason: '   ' });
    expect(blank).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(await t.snapshot()).toEqual(before);

    // While a payment of the balance is being confirmed, its invoices cannot be voided under it.
    const pastDue = await subscriptionByProduct(kevin, premium);
    const [open] = (await call('GET', `/invoices?subscriptionId=${pastDue.id}&status=open`)).body.items;
    t.gateway.injectFault({ kind: 'timeout_before_charge' });
    const card = await tokenize(t.app, '4242 4242 4242 4242');
    const sent = await kevin.send('POST', `/api/subscriptions/${pastDue.id}/settle`, {
      expectedAmountMinor: pastDue.amountDueMinor,
      card: { kind: 'new', token: card.body.token },
    });
    expect(sent.status).toBe(202);
    const during = await call('POST', `/invoices/${open.id}/void`, { reason: 'Goodwill' });
    expect(during).toMatchObject({ status: 409, body: { code: 'payment_in_progress' } });
    expect((await call('GET', `/invoices/${open.id}`)).body.status).toBe('open');
  });
});
