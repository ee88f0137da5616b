import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { reconcilePayments } from '../src/payments/reconcile-payments.js';
import {
  later,
  premium,
  providerClient,
  setupTestApp,
  subscriptionByProduct,
  type TestApp,
  tokenize,
} from './harness.js';

const t = setupTestApp();

/** Kevin settles Contoso's past-due Premium balance (NT$33,000) with a new Visa: a succeeded payment to refund. */
async function paidPayment(app: TestApp) {
  const kevin = await app.signIn('kevin@contoso.tw');
  const subscription = await subscriptionByProduct(kevin, premium);
  const card = await tokenize(app.app, '4242 4242 4242 4242');
  const settled = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
    expectedAmountMinor: subscription.amountDueMinor,
    card: { kind: 'new', token: card.body.token },
  });
  expect(settled.body.status).toBe('succeeded');
  return { kevin, paymentId: settled.body.paymentId as string, amountMinor: 3_300_000 };
}

async function provider() {
  return (await providerClient(t, { name: 'books' })).call;
}

const refundsAtProcessor = async () =>
  t.db.selectFrom('sandbox_refunds').select(['charge_key', 'amount_minor']).execute();

describe('refunds of card payments', () => {
  it('refunds what is left of a payment: given back once, in the books, told to the admins and the webhooks', async () => {
    const { kevin, paymentId, amountMinor } = await paidPayment(t);
    const call = await provider();
    const key = { 'idempotency-key': 'refund-contoso-premium' };
    const asked = { reason: 'requested_by_customer', note: 'Moved to the annual plan' };
    const refunded = await call('POST', `/payments/${paymentId}/refunds`, asked, key);
    expect(refunded.status).toBe(201);
    expect(refunded.body).toMatchObject({
      object: 'refund',
      paymentId,
      status: 'succeeded',
      amountMinor,
      currency: 'TWD',
      reason: 'requested_by_customer',
      note: 'Moved to the annual plan',
      failureCode: null,
      succeededAt: expect.any(String),
    });
    // Asked again with the same key: the same refund, nothing more given back.
    expect(await call('POST', `/payments/${paymentId}/refunds`, asked, key)).toEqual(refunded);
    expect(await refundsAtProcessor()).toEqual([
      { charge_key: paymentId, amount_minor: BigInt(amountMinor) },
    ]);
    expect((await call('GET', `/payments/${paymentId}`)).body.amountRefundedMinor).toBe(amountMinor);
    expect((await call('GET', `/refunds/${refunded.body.id}`)).body).toEqual(refunded.body);
    expect((await call('GET', `/refunds?paymentId=${paymentId}`)).body.items).toEqual([refunded.body]);
    expect(await t.ledgerProblems()).toEqual([]);

    const events = await t.db
      .selectFrom('events')
      .select(['type', 'data'])
      .where('type', 'in', ['refund.succeeded', 'payment.refunded'])
      .orderBy('sequence')
      .execute();
    expect(events.map((event) => event.type)).toEqual(['refund.succeeded', 'payment.refunded']);
    expect(events[0]?.data).toEqual({ object: refunded.body });
    const notices = (await kevin.get('/api/messages')).body as { subject: string }[];
    expect(notices.some((notice) => notice.subject.startsWith('已退款'))).toBe(true);
    const audit = (await (await t.signIn('mei@contoso.tw')).get('/api/audit-log')).body as {
      action: string;
    }[];
    expect(audit.map((entry) => entry.action)).toContain('payment.refund_issued');
    // Nothing is left to refund.
    const more = await call('POST', `/payments/${paymentId}/refunds`, { reason: 'other', amountMinor: 100 });
    expect(more).toMatchObject({ status: 400, body: { code: 'refund_exceeds_payment' } });
  });

  it('refunds part, then part again, never more in all than was paid', async () => {
    const { paymentId } = await paidPayment(t);
    const call = await provider();
    const first = await call('POST', `/payments/${paymentId}/refunds`, {
      reason: 'service_issue',
      amountMinor: 1_000_000,
    });
    expect(first.body).toMatchObject({ status: 'succeeded', amountMinor: 1_000_000 });
    const second = await call('POST', `/payments/${paymentId}/refunds`, {
      reason: 'service_issue',
      amountMinor: 2_000_000,
      currency: 'TWD',
    });
    expect(second.body).toMatchObject({ status: 'succeeded', amountMinor: 2_000_000 });
    const before = await t.snapshot();
    const tooMuch = await call(
      'POST',
      `/payments/${paymentId}/refunds`,
      { reason: 'service_issue', amountMinor: 300_100 },
      { 'accept-language': 'zh-TW' },
    );
    expect(tooMuch).toMatchObject({
      status: 400,
      body: { code: 'refund_exceeds_payment', message: expect.stringContaining('退款') },
    });
    // What is left, exactly, is refundable.
    expect(await t.snapshot()).toEqual(before);
    const rest = await call('POST', `/payments/${paymentId}/refunds`, { reason: 'service_issue' });
    expect(rest.body).toMatchObject({ status: 'succeeded', amountMinor: 300_000 });
    expect((await call('GET', `/payments/${paymentId}`)).body.amountRefundedMinor).toBe(3_300_000);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('refuses bad input with a localized 4xx and changes nothing', async () => {
    const { paymentId } = await paidPayment(t);
    const call = await provider();
    const before = { snapshot: await t.snapshot(), refunds: await refundsAtProcessor() };
    const refuse = (body: unknown, path = `/payments/${paymentId}/refunds`) =>
      call('POST', path, body, { 'accept-language': 'zh-TW' });
    expect(await refuse({ reason: 'other', amountMinor: -100 })).toMatchObject({
      status: 400,
      body: { code: 'validation_failed' },
    });
    expect(await refuse({ reason: 'other', amountMinor: 0 })).toMatchObject({
      status: 400,
      body: { code: 'validation_failed' },
    });
    expect(await refuse({ reason: 'other', amountMinor: 3_300_001 })).toMatchObject({
      status: 400,
      body: { code: 'refund_exceeds_payment' },
    });
    // TWD is refunded in whole dollars, like it is charged.
    expect(await refuse({ reason: 'other', amountMinor: 150 })).toMatchObject({
      status: 400,
      body: { code: 'validation_failed' },
    });
    expect(await refuse({ reason: 'other', amountMinor: 1_000, currency: 'USD' })).toMatchObject({
      status: 400,
      body: { code: 'currency_mismatch', message: expect.stringContaining('幣別') },
    });
    expect(await refuse({ reason: 'because' })).toMatchObject({
      status: 400,
      body: { code: 'validation_failed' },
    });
    // A note is plain text: no control characters, and never a card number (it would be stored).
    expect((await refuse({ reason: 'other', note: 'card 4242 4242 4242 4242' })).body.code).toBe(
      'validation_failed',
    );
    expect((await refuse({ reason: 'other', note: 'a\u0000b' })).body.code).toBe('validation_failed');
    expect(await refuse({ reason: 'unrecorded_charge' })).toMatchObject({ status: 400 });
    expect(await refuse({ reason: 'other' }, `/payments/${randomUUID()}/refunds`)).toMatchObject({
      status: 404,
      body: { code: 'not_found' },
    });
    // A payment that failed moved no money: there is nothing to give back.
    const declined = await t.db
      .selectFrom('payments')
      .select('id')
      .where('status', '=', 'failed')
      .executeTakeFirstOrThrow();
    expect(await refuse({ reason: 'other' }, `/payments/${declined.id}/refunds`)).toMatchObject({
      status: 409,
      body: { code: 'payment_not_refundable', message: expect.stringContaining('退款') },
    });
    // A read-only key changes nothing.
    const reader = (await providerClient(t, { name: 'reader', scope: 'read' })).call;
    expect((await reader('POST', `/payments/${paymentId}/refunds`, { reason: 'other' })).status).toBe(403);
    expect({ snapshot: await t.snapshot(), refunds: await refundsAtProcessor() }).toEqual(before);
    expect(
      await t.db.selectFrom('refunds').select('id').where('payment_id', '=', paymentId).execute(),
    ).toEqual([]);
  });

  it('two refunds asked at once with different keys never give back more than was paid', async () => {
    const { paymentId, amountMinor } = await paidPayment(t);
    const call = await provider();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        call('POST', `/payments/${paymentId}/refunds`, { reason: 'duplicate' }),
      ),
    );
    const made = answers.filter((answer) => answer.status === 201);
    expect(made).toHaveLength(1);
    for (const answer of answers.filter((a) => a.status !== 201))
      expect(['refund_in_progress', 'refund_exceeds_payment']).toContain(answer.body.code);
    expect(await refundsAtProcessor()).toEqual([
      { charge_key: paymentId, amount_minor: BigInt(amountMinor) },
    ]);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('a refund whose answer was lost stays pending, one at a time, until the queue asks again: given back once', async () => {
    const { paymentId, amountMinor } = await paidPayment(t);
    const call = await provider();
    t.gateway.injectRefundFault({ kind: 'reply_lost_after_charge' });
    const sent = await call('POST', `/payments/${paymentId}/refunds`, { reason: 'requested_by_customer' });
    expect(sent).toMatchObject({ status: 202, body: { status: 'pending' } });
    // The processor did give it back; Settle does not know yet, and sends no second refund meanwhile.
    expect(await refundsAtProcessor()).toHaveLength(1);
    const second = await call('POST', `/payments/${paymentId}/refunds`, { reason: 'requested_by_customer' });
    expect(second).toMatchObject({ status: 409, body: { code: 'refund_in_progress' } });
    // Too early for the queue: nothing is asked.
    expect((await reconcilePayments({ db: t.db, gateway: t.gateway })).refundsAnswered).toBe(0);
    const report = await reconcilePayments({ db: t.db, gateway: t.gateway, now: later(60_000) });
    expect(report.refundsAnswered).toBe(1);
    expect((await call('GET', `/refunds/${sent.body.id}`)).body).toMatchObject({
      status: 'succeeded',
      amountMinor,
    });
    expect(await refundsAtProcessor()).toEqual([
      { charge_key: paymentId, amount_minor: BigInt(amountMinor) },
    ]);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('a refund the processor never received is sent by the queue; one it refuses is failed with its code', async () => {
    const { paymentId } = await paidPayment(t);
    const call = await provider();
    t.gateway.injectRefundFault({ kind: 'timeout_before_charge' });
    const sent = await call('POST', `/payments/${paymentId}/refunds`, {
      reason: 'other',
      amountMinor: 100_000,
    });
    expect(sent.body.status).toBe('pending');
    expect(await refundsAtProcessor()).toEqual([]);
    // Unanswered again (a 5xx): still pending, asked again later.
    t.gateway.injectRefundFault({ kind: 'server_error' });
    await reconcilePayments({ db: t.db, gateway: t.gateway, now: later(60_000) });
    expect((await call('GET', `/refunds/${sent.body.id}`)).body.status).toBe('pending');
    await reconcilePayments({ db: t.db, gateway: t.gateway, now: later(600_000) });
    expect((await call('GET', `/refunds/${sent.body.id}`)).body.status).toBe('succeeded');
    expect(await refundsAtProcessor()).toEqual([{ charge_key: paymentId, amount_minor: 100_000n }]);

    // Behind Settle's back the processor gave the rest back (its dashboard): Settle's next refund is refused.
    await t.db
      .updateTable('sandbox_charges')
      .set({ refunded_minor: 3_300_000n })
      .where('idempotency_key', '=', paymentId)
      .execute();
    const refused = await call('POST', `/payments/${paymentId}/refunds`, {
      reason: 'other',
      amountMinor: 100_000,
    });
    expect(refused).toMatchObject({
      status: 201,
      body: { status: 'failed', failureCode: 'charge_not_refundable', succeededAt: null },
    });
    expect(
      (await t.db.selectFrom('events').select('type').where('type', '=', 'refund.failed').execute()).length,
    ).toBe(1);
  });
});
