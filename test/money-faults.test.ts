import { describe, expect, it } from 'vitest';
import { cancelAfterMs } from '../src/payments/deadlines.js';
import { reconcilePayments } from '../src/payments/reconcile-payments.js';
import {
  cardOwnedBy,
  later,
  phone,
  premium,
  setupTestApp,
  subscriptionByProduct,
  type TestApp,
  tokenize,
  waitFor,
} from './harness.js';

// Money under faults (issue 9): each test here failed before its fix.
const t = setupTestApp();

async function inFlight(t: TestApp) {
  return t.db
    .selectFrom('payments')
    .select(['id', 'status'])
    .where('status', 'in', ['pending', 'unknown'])
    .execute();
}

describe('one new-card token used twice', () => {
  it('settles two balances at the same moment with one fresh card: both paid, one card saved, nothing stuck', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const [a, b] = [await subscriptionByProduct(kevin, premium), await subscriptionByProduct(kevin, phone)];
    const card = await tokenize(t.app, '4242424242424242');
    const [first, second] = await Promise.all(
      [a, b].map((subscription) =>
        kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
          expectedAmountMinor: subscription.amountDueMinor,
          card: { kind: 'new', token: card.body.token },
        }),
      ),
    );
    expect([first?.status, second?.status]).toEqual([200, 200]);
    expect(await inFlight(t)).toEqual([]);
    const saved = (await kevin.get('/api/payment-methods')).body.filter(
      (c: { last4: string; ownedByMe: boolean }) => c.last4 === '4242' && c.ownedByMe,
    );
    expect(saved).toHaveLength(1);
    for (const subscription of [a, b]) {
      expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body).toMatchObject({
        status: 'active',
        paymentMethodId: saved[0].id,
      });
    }
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('a lost-reply settlement whose token is then added on Payment methods reconciles cleanly', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await subscriptionByProduct(kevin, premium);
    const card = await tokenize(t.app, '4000000000007775');
    const settled = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'new', token: card.body.token },
    });
    expect(settled.status).toBe(202);
    expect((await kevin.send('POST', '/api/payment-methods', { token: card.body.token })).status).toBe(201);

    const report = await reconcilePayments({ db: t.db, gateway: t.gateway, now: later(60_000) });
    expect(report).toMatchObject({ examined: 1, succeeded: 1, errors: 0 });
    const added = await cardOwnedBy(kevin, '林志豪');
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body).toMatchObject({
      status: 'active',
    });
    expect(added).toBeDefined();
    expect(await t.ledgerProblems()).toEqual([]);
  });
});

describe('reconciliation under a bad payment', () => {
  it('isolates a payment that throws: the others are reconciled, the bad one is logged by id and counted', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const alex = await t.signIn('alex@fabrikam.com');
    const contoso = await subscriptionByProduct(kevin, premium);
    const fabrikam = (await alex.get('/api/subscriptions')).body.items.find(
      (item: { status: string }) => item.status === 'expired',
    );
    for (const [client, subscription] of [
      [kevin, contoso],
      [alex, fabrikam],
    ] as const) {
      const card = await tokenize(t.app, '4000000000007775');
      const sent = await client.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
        expectedAmountMinor: subscription.amountDueMinor,
        card: { kind: 'new', token: card.body.token },
      });
      expect(sent.status).toBe(202);
    }
    const [bad] = await t.db
      .selectFrom('payments')
      .select('id')
      .where('subscription_id', '=', contoso.id)
      .where('status', '=', 'unknown')
      .execute();
    const logged: string[] = [];
    const gateway = Object.create(t.gateway) as typeof t.gateway;
    gateway.lookupIntent = async (key) => {
      if (key === bad?.id) throw new Error('a bug in one payment');
      return t.gateway.lookupIntent(key);
    };
    const report = await reconcilePayments({
      db: t.db,
      gateway,
      now: later(60_000),
      log: (line) => logged.push(line),
    });
    expect(report).toMatchObject({ examined: 2, succeeded: 1, errors: 1 });
    expect(logged.join('\n')).toContain(bad?.id);
    expect((await alex.get(`/api/subscriptions/${fabrikam.id}`)).body.status).toBe('active');
    // Asked again later, with the bug gone, it is reconciled too.
    const again = await reconcilePayments({ db: t.db, gateway: t.gateway, now: later(3_600_000) });
    expect(again).toMatchObject({ succeeded: 1, errors: 0 });
    expect(await inFlight(t)).toEqual([]);
    expect(await t.ledgerProblems()).toEqual([]);
  });
});

describe('a deleted card', () => {
  it('cannot be charged again through its token as a “new” card', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const card = await tokenize(t.app, '4242424242424242');
    const added = await kevin.send('POST', '/api/payment-methods', { token: card.body.token });
    expect((await kevin.send('DELETE', `/api/payment-methods/${added.body.id}`, undefined)).status).toBe(204);
    const subscription = await subscriptionByProduct(kevin, premium);
    const before = await t.snapshot();
    const settled = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'new', token: card.body.token },
    });
    expect(settled.status).toBe(400);
    expect(settled.body.code).toBe('card_token_invalid');
    expect(await t.snapshot()).toEqual(before);
    expect(t.gateway.chargeCalls).toBe(0);
  });
});

describe('a late processor answer after “not charged”', () => {
  it('is refused by the processor once reconciliation canceled the intent: one charge for the balance', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await subscriptionByProduct(kevin, premium);
    const kevinCard = await cardOwnedBy(kevin, '林志豪');
    const url = `/api/subscriptions/${subscription.id}/settle`;
    const body = {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: kevinCard.id },
    };
    // The processor is slow: the confirm reaches it only after reconciliation has given up on it.
    let release: () => void = () => {};
    t.gateway.injectFault({ kind: 'hold', until: new Promise<void>((resolve) => (release = resolve)) });
    const slow = kevin.send('POST', url, body);
    await waitFor(async () => (await inFlight(t)).length === 1);

    const report = await reconcilePayments({
      db: t.db,
      gateway: t.gateway,
      now: later(cancelAfterMs() + 1_000),
    });
    expect(report).toMatchObject({ examined: 1, failed: 1 });
    const [first] = await t.db
      .selectFrom('payments')
      .select(['id', 'failure_code'])
      .execute()
      .then((rows) => rows.filter((row) => row.failure_code === 'not_charged'));
    expect(first).toBeDefined();

    // The admin pays again; then the first confirm finally arrives at the processor.
    const again = await kevin.send('POST', url, body);
    expect(again.status).toBe(200);
    release();
    const late = await slow;
    expect(late.status).toBe(402);
    expect(late.body.code).toBe('payment_not_charged');
    const charges = await t.gateway.succeededCharges();
    expect(charges).toHaveLength(1);
    expect(charges[0]?.idempotencyKey).toBe(again.body.paymentId);
    expect(await inFlight(t)).toEqual([]);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('one refund the processor refuses holds up no other, and is tried again on its own schedule', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const kevinCard = await cardOwnedBy(kevin, '林志豪');
    const paymentIds: string[] = [];
    for (const product of [premium, phone]) {
      const subscription = await subscriptionByProduct(kevin, product);
      t.gateway.injectFault({ kind: 'timeout_before_charge' });
      const sent = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
        expectedAmountMinor: subscription.amountDueMinor,
        card: { kind: 'existing', paymentMethodId: kevinCard.id },
      });
      expect(sent.status).toBe(202);
      paymentIds.push(sent.body.paymentId);
    }
    await reconcilePayments({ db: t.db, gateway: t.gateway, now: later(cancelAfterMs() + 1_000) });
    for (const [index, paymentId] of paymentIds.entries()) {
      const subscription = await subscriptionByProduct(kevin, index === 0 ? premium : phone);
      await t.gateway.chargeDespiteCancel(paymentId, BigInt(subscription.amountDueMinor), 'TWD');
    }
    // The processor refuses the first payment's refund (the one first in line), not the second's.
    const refusing = new Proxy(t.gateway, {
      get(target, property, receiver) {
        if (property !== 'refund') return Reflect.get(target, property, receiver);
        return async (request: { chargeKey: string }) => {
          if (request.chargeKey === paymentIds[0]) throw new Error('refund refused by the processor');
          return target.refund(request as Parameters<typeof target.refund>[0]);
        };
      },
    });
    const hour = 60 * 60_000;
    const logged: string[] = [];
    const first = await reconcilePayments({
      db: t.db,
      gateway: refusing,
      now: later(cancelAfterMs() + hour + 2_000),
      log: (message) => logged.push(message),
    });
    expect(first).toMatchObject({ refunded: 1, errors: 1 });
    expect(logged.join()).toContain(paymentIds[0]);
    // Its check is put off (not first in line again at once), and says why.
    const refusedCheck = await t.db
      .selectFrom('queue_tasks')
      .select(['run_at', 'last_error'])
      .where('topic', '=', 'payment.unrecorded-charge')
      .where('subject_id', '=', paymentIds[0] as string)
      .executeTakeFirstOrThrow();
    expect(refusedCheck.last_error).toBe('refund refused by the processor');
    expect(refusedCheck.run_at.getTime()).toBeGreaterThan(later(cancelAfterMs() + hour + 2_000).getTime());
    // Its next turn, with a processor that takes it: refunded, once; the books agree with the processor.
    const second = await reconcilePayments({
      db: t.db,
      gateway: t.gateway,
      now: later(cancelAfterMs() + 8 * hour),
    });
    expect(second).toMatchObject({ refunded: 1, errors: 0 });
    expect(await t.db.selectFrom('refunds').select('status').execute()).toEqual([
      { status: 'succeeded' },
      { status: 'succeeded' },
    ]);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('a charge the processor made anyway is refunded automatically, once, audited, and the billing admins are told', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await subscriptionByProduct(kevin, premium);
    t.gateway.injectFault({ kind: 'timeout_before_charge' });
    const kevinCard = await cardOwnedBy(kevin, '林志豪');
    const sent = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: kevinCard.id },
    });
    expect(sent.status).toBe(202);
    await reconcilePayments({ db: t.db, gateway: t.gateway, now: later(cancelAfterMs() + 1_000) });
    // A misbehaving processor charges the canceled intent all the same.
    await t.gateway.chargeDespiteCancel(sent.body.paymentId, BigInt(subscription.amountDueMinor), 'TWD');
    expect((await t.ledgerProblems()).join()).toContain('processor charged');

    // Before its hour is up, "not charged" is not looked at again; then it is, and the charge is found.
    const hour = 60 * 60_000;
    expect(
      (await reconcilePayments({ db: t.db, gateway: t.gateway, now: later(cancelAfterMs() + 2_000) }))
        .refunded,
    ).toBe(0);
    const report = await reconcilePayments({
      db: t.db,
      gateway: t.gateway,
      now: later(cancelAfterMs() + hour + 2_000),
    });
    expect(report.refunded).toBe(1);
    expect(await t.ledgerProblems()).toEqual([]);
    const refund = await t.db.selectFrom('refunds').selectAll().executeTakeFirstOrThrow();
    expect(refund).toMatchObject({
      payment_id: sent.body.paymentId,
      amount_minor: BigInt(subscription.amountDueMinor),
      status: 'succeeded',
    });
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'payment.refunded')
      .execute();
    expect(audit).toHaveLength(1);
    const notices = await t.db
      .selectFrom('notifications')
      .select(['kind', 'locale', 'body'])
      .where('kind', '=', 'payment_refunded')
      .execute();
    expect(notices.length).toBe(2); // mei (Global admin) and kevin (Billing admin)
    expect(notices[0]?.body).toContain('自動');
    // Once: asked again, nothing more is refunded.
    expect(
      (await reconcilePayments({ db: t.db, gateway: t.gateway, now: later(cancelAfterMs() + 9 * hour) }))
        .refunded,
    ).toBe(0);
    // The balance is still owed: the refund gave the money back, it did not pay the invoices.
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body.amountDueMinor).toBe(
      subscription.amountDueMinor,
    );
  });
});

describe('Save with a card already known to be expired', () => {
  it('is refused before any charge: the owner is told to change the date, another admin to pick or add a card', async () => {
    const mei = await t.signIn('mei@contoso.tw');
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await subscriptionByProduct(kevin, premium);
    const meiCard = await cardOwnedBy(kevin, '陳美玲');
    const before = await t.snapshot();
    const body = {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: meiCard.id },
    };
    const asOwner = await mei.send('POST', `/api/subscriptions/${subscription.id}/settle`, body);
    expect(asOwner.status).toBe(400);
    expect(asOwner.body.code).toBe('card_expired');
    expect(asOwner.body.message).toContain('到期日');
    const asOther = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, body, {
      'accept-language': 'en-US',
    });
    expect(asOther.status).toBe(400);
    expect(asOther.body.code).toBe('card_expired_not_owner');
    expect(await t.snapshot()).toEqual(before);
    expect(t.gateway.chargeCalls).toBe(0);
  });
});

describe('an Idempotency-Key whose first answer was “payment in progress”', () => {
  it('is not replayed as 409 once the payment has finished', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await subscriptionByProduct(kevin, premium);
    const card = await tokenize(t.app, '4000000000007775');
    const url = `/api/subscriptions/${subscription.id}/settle`;
    const unknown = await kevin.send('POST', url, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'new', token: card.body.token },
    });
    expect(unknown.status).toBe(202);
    const kevinCard = await cardOwnedBy(kevin, '林志豪');
    const body = {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: kevinCard.id },
    };
    const key = { 'idempotency-key': 'retry-after-409-key' };
    const busy = await kevin.send('POST', url, body, key);
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('payment_in_progress');
    await reconcilePayments({ db: t.db, gateway: t.gateway, now: later(60_000) });
    const retried = await kevin.send('POST', url, body, key);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(retried.status).toBe(409);
    expect(retried.body.code).toBe('nothing_to_settle');
  });
});
