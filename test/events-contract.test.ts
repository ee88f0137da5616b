import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runBilling } from '../src/billing/run-billing.js';
import { eventDataSchemas } from '../src/contract/events.js';
import { invoiceObjectSchema, subscriptionObjectSchema } from '../src/contract/objects.js';
import { webhookEventTypes } from '../src/domain/webhook-events.js';
import { cancelAfterMs } from '../src/payments/deadlines.js';
import { reconcilePayments } from '../src/payments/reconcile-payments.js';
import { readInvoiceObjects } from '../src/resources/invoice-objects.js';
import { readSubscriptionObjects } from '../src/resources/subscription-objects.js';
import {
  cardOwnedBy,
  later,
  premium,
  providerClient,
  setupTestApp,
  subscriptionByProduct,
} from './harness.js';
import { invoicedUsCustomer } from './support/customers.js';

// One vocabulary: every event's data is its contract schema's wire form, and its object is exactly
// what the provider API's GET of that resource answers at that moment. The billing run's set-based
// events come from the views' SQL form, held equal here to the TypeScript views.

const t = setupTestApp();

const getPath: Record<string, (id: string) => string> = {
  subscription: (id) => `/subscriptions/${id}`,
  invoice: (id) => `/invoices/${id}`,
  payment: (id) => `/payments/${id}`,
  refund: (id) => `/refunds/${id}`,
  credit_note: (id) => `/credit-notes/${id}`,
  organization: (id) => `/organizations/${id}`,
};

describe('events and the API speak one contract', () => {
  it('the views’ SQL form (the billing run’s) equals their TypeScript form, for every row', async () => {
    const subscriptions = await sql<{ id: string; json: unknown }>`
      select s.id, settle_subscription_json(s) as json from subscriptions s`.execute(t.db);
    const fromTs = await readSubscriptionObjects(
      t.db,
      subscriptions.rows.map((row) => row.id),
    );
    expect(subscriptions.rows.length).toBeGreaterThan(0);
    for (const row of subscriptions.rows)
      expect(row.json).toEqual(subscriptionObjectSchema.encode(fromTs.get(row.id) as never));
    const invoices = await sql<{ id: string; json: unknown }>`
      select i.id, settle_invoice_json(i) as json from invoices i`.execute(t.db);
    const invoicesFromTs = await readInvoiceObjects(
      t.db,
      invoices.rows.map((row) => row.id),
    );
    expect(invoices.rows.length).toBeGreaterThan(0);
    for (const row of invoices.rows)
      expect(row.json).toEqual(invoiceObjectSchema.encode(invoicesFromTs.get(row.id) as never));
  });

  it('each event’s object is what a GET of its resource answers at that moment', async () => {
    const { call } = await providerClient(t);
    const checked = new Set<string>();
    /** Every event written since the last look: its data is its schema's wire form, its object the GET now. */
    let seenSequence = (
      await sql<{ s: string }>`select coalesce(max(sequence), 0)::text as s from events`.execute(t.db)
    ).rows[0]?.s;
    async function eventsAgreeWithGets() {
      const events = await sql<{ type: string; data: Record<string, unknown>; sequence: string }>`
        select type, data, sequence::text from events where sequence > ${seenSequence}::int8 order by sequence`.execute(
        t.db,
      );
      for (const event of events.rows) {
        const schema = eventDataSchemas[event.type as keyof typeof eventDataSchemas];
        expect(schema, event.type).toBeDefined();
        // The stored data is exactly the schema's wire form: decoding then encoding gives it back.
        expect(schema.encode(schema.decode(event.data as never) as never), event.type).toEqual(event.data);
        checked.add(event.type);
      }
      // The newest event of each resource carries what its GET says now (nothing changed since).
      const newest = new Map<string, Record<string, unknown>>();
      for (const event of events.rows) {
        const object = event.data.object as { object: string; id: string };
        newest.set(`${object.object}:${object.id}`, object);
      }
      for (const [key, object] of newest) {
        const [kind, id] = key.split(':') as [string, string];
        const answer = await call('GET', (getPath[kind] as (id: string) => string)(id));
        expect(answer.status, key).toBe(200);
        expect(answer.body, key).toEqual(object);
      }
      seenSequence = events.rows.at(-1)?.sequence ?? seenSequence;
    }

    const organization = await call('POST', '/organizations', invoicedUsCustomer());
    await eventsAgreeWithGets();
    // The seller updates it: organization.updated, with what it was.
    const updated = await call('PATCH', `/organizations/${organization.body.id}`, { daysUntilDue: 45 });
    expect(updated.body.daysUntilDue).toBe(45);
    await eventsAgreeWithGets();
    const product = await call('POST', '/products', {
      name: { enUS: 'Contract Plan', zhTW: '合約方案' },
      prices: [
        { currency: 'USD', billingFrequency: 'monthly', unitAmountMinor: 3_000 },
        { currency: 'TWD', billingFrequency: 'monthly', unitAmountMinor: 90_000 },
      ],
    });
    const price = (currency: string) =>
      product.body.prices.find((p: { currency: string }) => p.currency === currency).id as string;
    const invoiced = await call('POST', `/organizations/${organization.body.id}/subscriptions`, {
      priceId: price('USD'),
      licenses: 2,
    });
    expect(invoiced.status).toBe(201);
    await eventsAgreeWithGets();
    // Contoso pays by card: the sale is charged at once (payment.succeeded, invoice.paid).
    const organizations = (await call('GET', '/organizations?limit=100')).body.items as {
      id: string;
      name: string;
    }[];
    const contoso = organizations.find((o) => o.name === '康拓科技股份有限公司')?.id as string;
    const charged = await call('POST', `/organizations/${contoso}/subscriptions`, {
      priceId: price('TWD'),
      licenses: 1,
    });
    expect(charged.status).toBe(201);
    await eventsAgreeWithGets();
    // The seller refunds part of that payment: refund.succeeded, its credit note (credit_note.issued), then
    // payment.refunded with what it gave back.
    const [paid] = (await call('GET', `/payments?subscriptionId=${charged.body.id}`)).body.items;
    const refund = await call('POST', `/payments/${paid.id}/refunds`, {
      reason: 'service_issue',
      amountMinor: 10_000,
    });
    expect(refund.body.status).toBe('succeeded');
    await eventsAgreeWithGets();
    // One the processor refuses (more than it holds, after a refund made in its dashboard): refund.failed.
    await t.db
      .updateTable('sandbox_charges')
      .set({ refunded_minor: 90_000n })
      .where('idempotency_key', '=', paid.id)
      .execute();
    const refused = await call('POST', `/payments/${paid.id}/refunds`, {
      reason: 'other',
      amountMinor: 10_000,
    });
    expect(refused.body.status).toBe('failed');
    await eventsAgreeWithGets();
    // A cancel now moves the status; the GET and the event say the same.
    const canceled = await call('POST', `/subscriptions/${invoiced.body.id}/cancel`, { when: 'now' });
    expect(canceled.status).toBe(200);
    await eventsAgreeWithGets();
    // The seller voids what the canceled subscription still owed: invoice.voided, and its SQL form agrees.
    const [owed] = (await call('GET', `/invoices?subscriptionId=${invoiced.body.id}`)).body.items;
    const voided = await call('POST', `/invoices/${owed.id}/void`, { reason: 'Canceled before it began' });
    expect(voided.body).toMatchObject({ status: 'void', voidReason: 'Canceled before it began' });
    await eventsAgreeWithGets();
    const voidedJson = await sql<{ json: unknown }>`
      select settle_invoice_json(i) as json from invoices i where id = ${owed.id}`.execute(t.db);
    expect(voidedJson.rows[0]?.json).toEqual(voided.body);
    // A charge the processor made after Settle concluded "not charged" is given back: payment.failed,
    // then payment.refunded, each carrying the payment as its GET answers at that moment.
    const kevin = await t.signIn('kevin@contoso.tw');
    const pastDue = await subscriptionByProduct(kevin, premium);
    const kevinCard = await cardOwnedBy(kevin, '林志豪');
    t.gateway.injectFault({ kind: 'timeout_before_charge' });
    const sent = await kevin.send('POST', `/api/subscriptions/${pastDue.id}/settle`, {
      expectedAmountMinor: pastDue.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: kevinCard.id },
    });
    expect(sent.status).toBe(202);
    await reconcilePayments({ db: t.db, gateway: t.gateway, now: later(cancelAfterMs() + 1_000) });
    await eventsAgreeWithGets();
    await t.gateway.chargeDespiteCancel(sent.body.paymentId, BigInt(pastDue.amountDueMinor), 'TWD');
    const refunds = await reconcilePayments({
      db: t.db,
      gateway: t.gateway,
      now: later(cancelAfterMs() + 3_600_000 + 2_000),
    });
    expect(refunds.refunded).toBe(1);
    await eventsAgreeWithGets();
    // Money that came by bank transfer, part of an invoice: payment.succeeded with no card.
    const [owedByPremium] = (await call('GET', `/invoices?subscriptionId=${pastDue.id}&status=open`)).body
      .items;
    const transfer = await call('POST', `/invoices/${owedByPremium.id}/payments`, {
      amountMinor: 100_000,
      method: 'bank_transfer',
      reference: 'TXN-1',
      receivedOn: new Date().toISOString().slice(0, 10),
    });
    expect(transfer.body).toMatchObject({ method: 'bank_transfer', card: null });
    await eventsAgreeWithGets();
    const partlyPaid = await sql<{ json: unknown }>`
      select settle_invoice_json(i) as json from invoices i where id = ${owedByPremium.id}`.execute(t.db);
    expect(partlyPaid.rows[0]?.json).toEqual((await call('GET', `/invoices/${owedByPremium.id}`)).body);
    // The billing run renews set-based, its events from the SQL form of the views.
    await runBilling({ db: t.db, gateway: t.processor, now: new Date(Date.now() + 40 * 86_400_000) });
    await eventsAgreeWithGets();

    for (const type of [
      'organization.created',
      'organization.updated',
      'subscription.created',
      'subscription.updated',
      'subscription.status_changed',
      'invoice.issued',
      'invoice.paid',
      'invoice.voided',
      'payment.succeeded',
      'payment.failed',
      'payment.refunded',
      'refund.succeeded',
      'refund.failed',
      'credit_note.issued',
    ])
      expect(checked, type).toContain(type);
    // The demo's own events (its declined renewals wrote payment.failed) have their schemas' wire form too.
    const demoEvents = await sql<{ type: string; data: Record<string, unknown> }>`
      select type, data from events`.execute(t.db);
    for (const event of demoEvents.rows) {
      const schema = eventDataSchemas[event.type as keyof typeof eventDataSchemas];
      expect(schema.encode(schema.decode(event.data as never) as never), event.type).toEqual(event.data);
    }
    expect(demoEvents.rows.map((event) => event.type)).toContain('payment.failed');
    expect(webhookEventTypes.length).toBe(Object.keys(eventDataSchemas).length);
  });
});
