import { describe, expect, it } from 'vitest';
import { chargeSubscriptionCard } from '../src/billing/charge-subscription-card.js';
import { reconcilePayments } from '../src/payments/reconcile-payments.js';
import {
  type Client,
  later,
  premium,
  setupTestApp,
  subscriptionByProduct,
  type TestApp,
  tokenize,
} from './harness.js';

// 4000 0027 6000 3184 asks for the bank's confirmation on every charge; 4000 0025 0000 3155 only
// when the cardholder is there. The sandbox's challenge page stands in for the bank.
const alwaysAsks = '4000 0027 6000 3184';
const asksOnSession = '4000 0025 0000 3155';
const t = setupTestApp();

async function settleWithNewCard(client: Client, number: string) {
  const subscription = await subscriptionByProduct(client, premium);
  const card = await tokenize(t.app, number);
  const settled = await client.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
    expectedAmountMinor: subscription.amountDueMinor,
    card: { kind: 'new', token: card.body.token },
  });
  return { subscription, settled };
}

/** The cardholder answers the sandbox bank's page, as the browser inside the drawer does. */
async function answerChallenge(
  app: TestApp['app'],
  url: string,
  result: 'complete' | 'fail',
  lang = 'en-US',
) {
  const page = await app.inject({ method: 'GET', url: `${url}?lang=${lang}` });
  const answer = await app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `result=${result}&lang=${lang}`,
  });
  return { page, answer };
}

describe('3-D Secure: the bank asks the cardholder to confirm', () => {
  it('settles once the admin completes the challenge: one charge, invoices paid, the card saved', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const { subscription, settled } = await settleWithNewCard(kevin, alwaysAsks);
    expect(settled.status).toBe(202);
    expect(settled.body).toMatchObject({ status: 'requires_action', nextAction: { kind: 'redirect' } });
    // Nothing is paid while the bank waits, and a second Save is not a second charge.
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body).toMatchObject({
      status: 'expired',
      amountDueMinor: subscription.amountDueMinor,
    });
    expect(await t.gateway.succeededCharges()).toEqual([]);

    const { page, answer } = await answerChallenge(t.app, settled.body.nextAction.url, 'complete', 'zh-TW');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('確認這筆付款');
    expect(page.body).toContain('完成驗證');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(answer.body).toContain('驗證完成');

    const completed = await kevin.send('POST', `/api/payments/${settled.body.paymentId}/complete`, {});
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'succeeded', card: { last4: '3184' } });
    const after = (await kevin.get(`/api/subscriptions/${subscription.id}`)).body;
    expect(after).toMatchObject({ status: 'active', amountDueMinor: 0, openInvoices: [] });
    const cards = (await kevin.get('/api/payment-methods')).body as { id: string; last4: string }[];
    expect(cards.find((card) => card.id === after.paymentMethodId)).toMatchObject({ last4: '3184' });
    expect(await t.gateway.succeededCharges()).toMatchObject([
      { idempotencyKey: settled.body.paymentId, amountMinor: BigInt(subscription.amountDueMinor) },
    ]);
    // Asked again (a double click, a retry), the answer is the same and nothing moves twice.
    expect(
      (await kevin.send('POST', `/api/payments/${settled.body.paymentId}/complete`, {})).body,
    ).toMatchObject({
      status: 'succeeded',
    });
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('leaves the balance unpaid when the challenge fails, with a clear message in the admin’s language', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const { subscription, settled } = await settleWithNewCard(kevin, alwaysAsks);
    await answerChallenge(t.app, settled.body.nextAction.url, 'fail');
    const completed = await kevin.send(
      'POST',
      `/api/payments/${settled.body.paymentId}/complete`,
      {},
      {
        'accept-language': 'zh-TW',
      },
    );
    expect(completed.status).toBe(402);
    expect(completed.body).toMatchObject({
      code: 'authentication_failed',
      message: '您的銀行無法確認這筆付款，因此並未扣款。未付餘額仍未結清；請再試一次，或改用其他卡片。',
    });
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body).toMatchObject({
      status: 'expired',
      amountDueMinor: subscription.amountDueMinor,
      latestPayment: { status: 'failed', failureCode: 'authentication_failed' },
    });
    // The card that failed its challenge is not kept.
    const cards = (await kevin.get('/api/payment-methods')).body as { last4: string }[];
    expect(cards.map((card) => card.last4)).not.toContain('3184');
    expect(await t.gateway.succeededCharges()).toEqual([]);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('a challenge left unfinished does not hold the balance: Save again cancels it, and finishing it late charges nothing', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const { subscription, settled } = await settleWithNewCard(kevin, alwaysAsks);
    const good = await tokenize(t.app, '4242 4242 4242 4242');
    const second = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'new', token: good.body.token },
    });
    expect(second.status).toBe(200);
    const late = await answerChallenge(t.app, settled.body.nextAction.url, 'complete');
    expect(late.answer.body).toContain('no longer waiting');
    const first = await kevin.send('POST', `/api/payments/${settled.body.paymentId}/complete`, {});
    expect(first.body).toMatchObject({ code: 'payment_not_charged' });
    // One charge for the balance: the second card's.
    expect(await t.gateway.succeededCharges()).toMatchObject([{ idempotencyKey: second.body.paymentId }]);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('an off-session charge of a card that needs its holder ends past due with the bank’s reason, then settles with the challenge', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await subscriptionByProduct(kevin, premium);
    const card = await tokenize(t.app, alwaysAsks);
    const added = await kevin.send('POST', '/api/payment-methods', { token: card.body.token });
    expect(added.status).toBe(201);
    await t.db
      .updateTable('subscriptions')
      .set({ payment_method_id: added.body.id })
      .where('id', '=', subscription.id)
      .execute();

    // The retry the system makes on its own (as a renewal is charged): nobody is there to confirm.
    const retried = await chargeSubscriptionCard({
      db: t.db,
      gateway: t.gateway,
      subscriptionId: subscription.id,
      now: new Date(),
    });
    expect(retried).toMatchObject({ status: 'failed', failure_code: 'authentication_required' });
    const details = (await kevin.get(`/api/subscriptions/${subscription.id}`)).body;
    expect(details).toMatchObject({
      status: 'expired',
      latestPayment: { failureCode: 'authentication_required' },
    });
    const notices = await t.db
      .selectFrom('notifications')
      .select(['subject', 'body'])
      .where('kind', '=', 'payment_failed')
      .execute();
    // Kevin reads in Traditional Chinese: the reason, and that the step is to confirm with the bank.
    expect(notices.map((notice) => notice.body).join('\n')).toContain(
      '您的銀行需要您確認這筆付款。此訂閱有逾期款項。請前往 [帳單] > [您的產品]，選取 [結算餘額]，並在銀行要求時確認這筆付款。',
    );

    const settled = await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: details.amountDueMinor,
      card: { kind: 'existing', paymentMethodId: added.body.id },
    });
    expect(settled.body).toMatchObject({ status: 'requires_action' });
    await answerChallenge(t.app, settled.body.nextAction.url, 'complete');
    expect(
      (await kevin.send('POST', `/api/payments/${settled.body.paymentId}/complete`, {})).body,
    ).toMatchObject({
      status: 'succeeded',
    });
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body).toMatchObject({
      status: 'active',
      amountDueMinor: 0,
    });
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('a card that asks only on-session is charged off-session without its holder', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const { subscription, settled } = await settleWithNewCard(kevin, asksOnSession);
    expect(settled.body).toMatchObject({ status: 'requires_action' });
    await answerChallenge(t.app, settled.body.nextAction.url, 'complete');
    await kevin.send('POST', `/api/payments/${settled.body.paymentId}/complete`, {});
    // A new charge on the same card, made as the next renewal would be, goes through off-session.
    const paid = (await kevin.get(`/api/subscriptions/${subscription.id}`)).body;
    expect(paid).toMatchObject({ status: 'active' });
    const cardId = paid.paymentMethodId as string;
    const token = (
      await t.db
        .selectFrom('payment_methods')
        .select('gateway_token')
        .where('id', '=', cardId)
        .executeTakeFirstOrThrow()
    ).gateway_token;
    await t.gateway.createIntent({
      idempotencyKey: 'renewal-check',
      token,
      amountMinor: 100n,
      currency: 'TWD',
      offSession: true,
    });
    expect(await t.gateway.confirmIntent('renewal-check')).toMatchObject({ status: 'succeeded' });
    await t.gateway.refund({
      idempotencyKey: 'renewal-check-refund',
      chargeKey: 'renewal-check',
      amountMinor: 100n,
    });
  });

  it('reconciliation waits out the challenge window, then cancels: nothing charged, the balance free again', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const { subscription, settled } = await settleWithNewCard(kevin, alwaysAsks);
    expect(
      await reconcilePayments({ db: t.db, gateway: t.gateway, now: later(60_000), everyInFlight: true }),
    ).toMatchObject({
      awaitingCardholder: 1,
    });
    expect(await reconcilePayments({ db: t.db, gateway: t.gateway, now: later(20 * 60_000) })).toMatchObject({
      failed: 1,
    });
    const details = (await kevin.get(`/api/subscriptions/${subscription.id}`)).body;
    expect(details).toMatchObject({ latestPayment: { id: settled.body.paymentId, status: 'failed' } });
    const again = await settleWithNewCard(kevin, '4242 4242 4242 4242');
    expect(again.settled.status).toBe(200);
    expect(await t.ledgerProblems()).toEqual([]);
  });

  it('while one admin is at the bank’s page, another sees the payment in progress and cannot cancel it', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const mei = await t.signIn('mei@contoso.tw');
    const { subscription, settled } = await settleWithNewCard(kevin, alwaysAsks);
    expect(settled.status).toBe(202);
    // Mei's page offers no Settle balance for it, and the banner counts it as in flight.
    expect((await mei.get(`/api/subscriptions/${subscription.id}`)).body.paymentInProgress).toBe(true);
    expect((await mei.get('/api/billing/summary')).body.paymentsInProgress).toBe(1);
    // Kevin's own unfinished page is not "in progress" to him: his next Save replaces it.
    expect((await kevin.get(`/api/subscriptions/${subscription.id}`)).body.paymentInProgress).toBe(false);
    const card = await tokenize(t.app, '4242 4242 4242 4242');
    const meiSave = await mei.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'new', token: card.body.token },
    });
    expect(meiSave.status).toBe(409);
    expect(meiSave.body.code).toBe('payment_in_progress');
    // Kevin's confirmation still goes through: Mei's Save did not cancel it under him.
    await answerChallenge(t.app, settled.body.nextAction.url, 'complete');
    const completed = await kevin.send('POST', `/api/payments/${settled.body.paymentId}/complete`, {});
    expect(completed.body.status).toBe('succeeded');
    expect(await t.gateway.succeededCharges()).toHaveLength(1);
    expect(await t.ledgerProblems()).toEqual([]);
  });
});
