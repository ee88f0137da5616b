import { describe, expect, it } from 'vitest';
import { reconcilePayments } from '../src/payments/reconcile-payments.js';
import { cardOwnedBy, later, premium, setupTestApp, subscriptionByProduct, tokenize } from './harness.js';

const t = setupTestApp();

describe('an outcome the processor did not report', () => {
  it('stays unknown, blocks a second charge, and is settled by reconciliation when the money was taken', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await subscriptionByProduct(kevin, premium);
    // This sandbox card is charged, but the reply never arrives.
    const card = await tokenize(t.app, '4000000000007775');
    const url = `/api/subscriptions/${subscription.id}/settle`;
    const first = await kevin.send('POST', url, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'new', token: card.body.token },
    });
    expect(first.status).toBe(202);
    expect(first.body.status).toBe('unknown');
    const shown = (await kevin.get(`/api/subscriptions/${subscription.id}`)).body;
    expect(shown).toMatchObject({
      paymentInProgress: true,
      status: 'expired',
      amountDueMinor: subscription.amountDueMinor,
    });

    const kevinCard = await cardOwnedBy(kevin, '林志豪');
    const second = await kevin.send('POST', url, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: kevinCard.id },
    });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('payment_in_progress');

    const report = await reconcilePayments({ db: t.db, gateway: t.gateway, now: later(60_000) });
    expect(report).toMatchObject({ examined: 1, succeeded: 1 });
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body).toMatchObject({
      status: 'active',
      amountDueMinor: 0,
      paymentInProgress: false,
    });
    // Asking again changes nothing: the invoices were paid once.
    await reconcilePayments({ db: t.db, gateway: t.gateway, now: later(60 * 60_000) });
    expect(await t.ledgerProblems()).toEqual([]);
    const succeeded = await t.db
      .selectFrom('payments')
      .select('id')
      .where('status', '=', 'succeeded')
      .execute();
    expect((await t.gateway.succeededCharges()).map((c) => c.idempotencyKey)).toEqual(
      succeeded.map((p) => p.id),
    );
  });

  it('frees the balance when the processor never saw the charge', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await subscriptionByProduct(kevin, premium);
    const kevinCard = await cardOwnedBy(kevin, '林志豪');
    const body = {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: kevinCard.id },
    };
    t.gateway.injectFault({ kind: 'timeout_before_charge' });
    const first = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, body);
    expect(first.status).toBe(202);

    // Too early to conclude anything: the charge could still be on its way.
    expect(await reconcilePayments({ db: t.db, gateway: t.gateway, now: later(30_000) })).toMatchObject({
      stillUnknown: 1,
    });
    expect(await reconcilePayments({ db: t.db, gateway: t.gateway, now: later(5 * 60_000) })).toMatchObject({
      failed: 1,
    });
    const payment = await t.db
      .selectFrom('payments')
      .select(['status', 'failure_code'])
      .where('id', '=', first.body.paymentId)
      .executeTakeFirstOrThrow();
    expect(payment).toEqual({ status: 'failed', failure_code: 'not_charged' });

    const retry = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, body);
    expect(retry.status).toBe(200);
    expect(await t.gateway.succeededCharges()).toHaveLength(1);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('repairs a settlement cut off after the charge when the server restarts', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await subscriptionByProduct(kevin, premium);
    const kevinCard = await cardOwnedBy(kevin, '林志豪');
    t.gateway.injectFault({ kind: 'reply_lost_after_charge' });
    const first = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: kevinCard.id },
    });
    expect(first.body.status).toBe('unknown');
    // Start-up reconciliation runs with the real clock; the payment is due once its wait is over.
    await reconcilePayments({ db: t.db, gateway: t.gateway, now: later(60_000) });
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body.status).toBe('active');
    expect(t.gateway.chargeCalls).toBe(1);
    expect(await t.ledgerProblems()).toEqual([]);
  });
});

describe('the ledger', () => {
  it('refuses to rewrite history', async () => {
    await expect(t.db.updateTable('ledger_entries').set({ amount_minor: 1n }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.deleteFrom('ledger_entries').execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });
});
