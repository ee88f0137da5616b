import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/auth/actor.js';
import { runBilling } from '../src/billing/run-billing.js';
import { runDunning } from '../src/billing/run-dunning.js';
import type { Db } from '../src/db/connect.js';
import { setDunningPolicy } from '../src/dunning/set-dunning-policy.js';
import { SandboxGateway } from '../src/gateway/sandbox/sandbox-gateway.js';
import { checkLedger } from '../src/ledger/check-ledger.js';
import { remindExpiringCards } from '../src/notifications/remind-expiring-cards.js';
import { settleBalance } from '../src/payments/settle-balance.js';
import { createTestDb } from './harness.js';

let db: Db;
let drop: () => Promise<void>;
let gateway: SandboxGateway;
beforeAll(async () => {
  ({ db, drop } = await createTestDb());
  gateway = new SandboxGateway(db);
  await db.insertInto('products').values({ id: 'suite', name: 'Contoso Suite', description: 'd' }).execute();
  await db
    .insertInto('prices')
    .values({ product_id: 'suite', currency: 'USD', billing_frequency: 'monthly', unit_amount_minor: 1250n })
    .execute();
});
afterAll(async () => {
  await drop();
});

const start = new Date('2027-01-15T02:00:00Z');
const day = (n: number) => new Date(start.getTime() + n * 86_400_000);

/** An organization (5% tax) with two admins, a reader and one monthly subscription renewing on day 0. */
async function organization() {
  const organizationId = randomUUID();
  await db
    .insertInto('organizations')
    .values({ id: organizationId, name: 'Tailspin', currency: 'USD', locale: 'en-US', tax_rate_bp: 500 })
    .execute();
  const users = { global: randomUUID(), billing: randomUUID(), reader: randomUUID() };
  await db
    .insertInto('users')
    .values([
      {
        id: users.global,
        organization_id: organizationId,
        email: `${users.global}@t.test`,
        display_name: 'G',
        password_hash: 'x',
        role: 'global_admin',
        locale: null,
      },
      {
        id: users.billing,
        organization_id: organizationId,
        email: `${users.billing}@t.test`,
        display_name: 'B',
        password_hash: 'x',
        role: 'billing_admin',
        locale: 'zh-TW',
      },
      {
        id: users.reader,
        organization_id: organizationId,
        email: `${users.reader}@t.test`,
        display_name: 'R',
        password_hash: 'x',
        role: 'global_reader',
        locale: null,
      },
    ])
    .execute();
  const card = await gateway.tokenizeCard({
    number: '4242424242424242',
    expMonth: 12,
    expYear: 2035,
    cvc: '123',
    name: 'G',
  });
  const cardId = randomUUID();
  await db
    .insertInto('payment_methods')
    .values({
      id: cardId,
      organization_id: organizationId,
      owner_user_id: users.global,
      gateway_token: card.token,
      brand: 'visa',
      last4: '4242',
      exp_month: 12,
      exp_year: 2035,
      cardholder_name: 'G',
    })
    .execute();
  const subscriptionId = randomUUID();
  await db
    .insertInto('subscriptions')
    .values({
      id: subscriptionId,
      organization_id: organizationId,
      product_id: 'suite',
      licenses: 20,
      billing_frequency: 'monthly',
      status: 'active',
      recurring_billing: true,
      current_period_start: '2026-12-15',
      billing_anchor_day: 15,
      current_period_end: '2027-01-15',
      payment_method_id: cardId,
      past_due_since: null,
    })
    .execute();
  const actor: Actor = {
    userId: users.billing,
    organizationId,
    role: 'billing_admin',
    savedLocale: 'zh-TW',
    organizationLocale: 'en-US',
    displayName: 'B',
    email: '',
  };
  const cardDeclinesWith = (code: string) =>
    db.updateTable('sandbox_cards').set({ behavior: code }).where('token', '=', card.token).execute();
  const cardStartsDeclining = () => cardDeclinesWith('card_declined');
  const subscription = () =>
    db.selectFrom('subscriptions').selectAll().where('id', '=', subscriptionId).executeTakeFirstOrThrow();
  const systemAttempts = async () =>
    (
      await db
        .selectFrom('payments')
        .select('id')
        .where('subscription_id', '=', subscriptionId)
        .where('created_by_user_id', 'is', null)
        .execute()
    ).length;
  const notices = (kind: string) =>
    db
      .selectFrom('notifications')
      .select(['recipient_user_id', 'locale', 'subject', 'body'])
      .orderBy('created_at')
      .where('subscription_id', '=', subscriptionId)
      .where('kind', '=', kind as 'payment_failed')
      .execute();
  return {
    organizationId,
    users,
    actor,
    subscriptionId,
    cardStartsDeclining,
    cardDeclinesWith,
    subscription,
    systemAttempts,
    notices,
  };
}

/** Renews on day 0 (paid), then the card declines at the renewal a month later: past due from there. */
async function pastDueFromDay31() {
  const org = await organization();
  await runBilling({ db, gateway, now: day(0) });
  expect(await org.subscription()).toMatchObject({
    status: 'active',
    past_due_since: null,
    current_period_end: '2027-02-15',
  });
  await org.cardStartsDeclining();
  await runBilling({ db, gateway, now: day(31) });
  expect(await org.subscription()).toMatchObject({
    status: 'expired',
    past_due_since: day(31),
    current_period_end: '2027-03-15',
  });
  return org;
}

/** Runs the daily jobs from day `from` to day `to`, as the scheduler would. */
async function liveThrough(from: number, to: number) {
  for (let n = from; n <= to; n++) {
    await runBilling({ db, gateway, now: day(n) });
    await runDunning({ db, gateway, now: day(n) });
  }
}

describe('a renewal invoice', () => {
  it('charges licenses × price plus the organization’s tax, once per period however often the run repeats', async () => {
    const org = await organization();
    await Promise.all([runBilling({ db, gateway, now: day(0) }), runBilling({ db, gateway, now: day(0) })]);
    await runBilling({ db, gateway, now: day(0) });
    const invoices = await db
      .selectFrom('invoices')
      .selectAll()
      .where('subscription_id', '=', org.subscriptionId)
      .execute();
    expect(invoices).toHaveLength(1);
    // 20 × $12.50 = $250.00, 5% tax $12.50.
    expect(invoices[0]).toMatchObject({
      amount_minor: 26250n,
      tax_minor: 1250n,
      licenses: 20,
      status: 'paid',
      period_start: '2027-01-15',
      period_end: '2027-02-15',
    });
    expect((await org.subscription()).current_period_end).toBe('2027-02-15');
  });
});

describe('dunning, day by day', () => {
  it('moves a declining subscription through every state on the documented days, with a notice at each new failure', async () => {
    const org = await pastDueFromDay31();
    const statusOn: Record<number, string> = {};
    for (let n = 31; n <= 31 + 125; n++) {
      // Before the day-14 retry the card's bank changes its answer: that is news to the admins.
      if (n === 31 + 10) await org.cardDeclinesWith('insufficient_funds');
      // And back before the day-21 retry: a change from the last notice, so news again.
      if (n === 31 + 18) await org.cardDeclinesWith('card_declined');
      await runBilling({ db, gateway, now: day(n) });
      await runDunning({ db, gateway, now: day(n) });
      statusOn[n - 31] = (await org.subscription()).status;
    }
    expect([statusOn[0], statusOn[29], statusOn[30], statusOn[119], statusOn[120], statusOn[125]]).toEqual([
      'expired',
      'expired',
      'disabled',
      'disabled',
      'deleted',
      'deleted',
    ]);
    // The failed renewal, then retries on days 3, 5, 7, 14, 21 and 28 of the past-due period.
    const failedOnDay = (
      await db
        .selectFrom('payments')
        .select('created_at')
        .where('subscription_id', '=', org.subscriptionId)
        .where('status', '=', 'failed')
        .orderBy('created_at')
        .execute()
    ).map((payment) => Math.round((payment.created_at.getTime() - day(31).getTime()) / 86_400_000));
    expect(failedOnDay).toEqual([0, 3, 5, 7, 14, 21, 28]);
    // To the Global and the Billing admin, not to the reader: the first failure, each change of reason,
    // the first after the next month's invoice joined the balance. A retry that fails as the last one
    // did is not told again: no identical notices in a row.
    const failed = await org.notices('payment_failed');
    expect(failed.map((n) => n.recipient_user_id)).not.toContain(org.users.reader);
    const toBilling = failed.filter((n) => n.recipient_user_id === org.users.billing);
    expect(failed).toHaveLength(toBilling.length * 2);
    expect(toBilling.map((n) => n.subject)).toEqual(Array(4).fill('Contoso Suite 付款失敗'));
    expect(toBilling.map((n) => n.body.match(/收取 (.+?)：(.+?)。/)?.slice(1))).toEqual([
      ['US$262.50', '發卡機構拒絕了這筆交易'],
      ['US$262.50', '卡片餘額不足'],
      ['US$262.50', '發卡機構拒絕了這筆交易'],
      ['US$525.00', '發卡機構拒絕了這筆交易'],
    ]);
    const moved = await org.notices('subscription_status_changed');
    expect(moved.filter((n) => n.recipient_user_id === org.users.global).map((n) => n.subject)).toEqual([
      'Contoso Suite is now Disabled',
      'Contoso Suite is now Deleted',
    ]);
    // Deleted is final: nothing more happens, and the balance can no longer be settled.
    const attempts = await org.systemAttempts();
    await liveThrough(31 + 126, 31 + 160);
    expect(await org.systemAttempts()).toBe(attempts);
    const card = await gateway.tokenizeCard({
      number: '4242424242424242',
      expMonth: 12,
      expYear: 2035,
      cvc: '123',
      name: 'B',
    });
    const balance = (
      await db
        .selectFrom('invoices')
        .select('amount_minor')
        .where('subscription_id', '=', org.subscriptionId)
        .where('status', '=', 'open')
        .execute()
    ).reduce((sum, invoice) => sum + invoice.amount_minor, 0n);
    await expect(
      settleBalance({
        db,
        gateway,
        actor: org.actor,
        subscriptionId: org.subscriptionId,
        card: { kind: 'new', token: card.token },
        expectedAmountMinor: balance,
        now: day(31 + 161),
      }),
    ).rejects.toMatchObject({ code: 'subscription_deleted' });
    expect(await checkLedger({ db, organizationId: org.organizationId })).toEqual([]);
  }, 120_000);

  it.each([10, 45, 100])(
    'settling on day %i returns it to Active and cancels the retries to come',
    async (settleDay) => {
      const org = await pastDueFromDay31();
      await liveThrough(31, 31 + settleDay);
      expect((await org.subscription()).status).toBe(settleDay >= 30 ? 'disabled' : 'expired');
      const open = await db
        .selectFrom('invoices')
        .select('amount_minor')
        .where('subscription_id', '=', org.subscriptionId)
        .where('status', '=', 'open')
        .execute();
      const balance = open.reduce((sum, invoice) => sum + invoice.amount_minor, 0n);
      const card = await gateway.tokenizeCard({
        number: '4242424242424242',
        expMonth: 12,
        expYear: 2035,
        cvc: '123',
        name: 'B',
      });
      const payment = await settleBalance({
        db,
        gateway,
        actor: org.actor,
        subscriptionId: org.subscriptionId,
        card: { kind: 'new', token: card.token },
        expectedAmountMinor: balance,
        now: day(31 + settleDay),
      });
      expect(payment.status).toBe('succeeded');
      expect(await org.subscription()).toMatchObject({ status: 'active', past_due_since: null });
      const attempts = await org.systemAttempts();
      await liveThrough(31 + settleDay + 1, 31 + settleDay + 29);
      // Still active, and no dunning retry came after the settlement (renewals on the new card succeed).
      expect((await org.subscription()).status).toBe('active');
      const failedAfter = await db
        .selectFrom('payments')
        .select('id')
        .where('subscription_id', '=', org.subscriptionId)
        .where('status', '=', 'failed')
        .where('created_at', '>', day(31 + settleDay))
        .execute();
      expect(failedAfter).toEqual([]);
      expect(await org.systemAttempts()).toBeGreaterThanOrEqual(attempts);
      expect(await checkLedger({ db, organizationId: org.organizationId })).toEqual([]);
    },
    120_000,
  );

  it('does not retry while a payment is still being confirmed', async () => {
    const org = await pastDueFromDay31();
    gateway.injectFault({ kind: 'timeout_before_charge' });
    await runDunning({ db, gateway, now: day(31 + 3) }); // the day-3 retry: outcome unknown
    const attempts = await org.systemAttempts();
    await runDunning({ db, gateway, now: day(31 + 5) }); // day 5: still unknown, so no new charge
    expect(await org.systemAttempts()).toBe(attempts);
  });
});

describe('dunning policies: the seller’s, and a customer’s own', () => {
  it('a customer’s own policy moves it on its own days, and one without an end leaves it Disabled', async () => {
    const org = await pastDueFromDay31();
    await db
      .updateTable('organizations')
      .set({
        dunning_policy: JSON.stringify({ retryDays: [1], disabledAfterDays: 3, deletedAfterDays: null }),
      })
      .where('id', '=', org.organizationId)
      .execute();
    const statusOn: Record<number, string> = {};
    for (const n of [1, 2, 3, 130, 400]) {
      await runDunning({ db, gateway, now: day(31 + n) });
      statusOn[n] = (await org.subscription()).status;
    }
    expect(statusOn).toEqual({ 1: 'expired', 2: 'expired', 3: 'disabled', 130: 'disabled', 400: 'disabled' });
    // Its one retry day came and went: one attempt since it became past due, beside the renewal's.
    expect(await org.systemAttempts()).toBe(3);
  });

  it('the seller’s policy applies to every customer without its own', async () => {
    const org = await pastDueFromDay31();
    await setDunningPolicy({ db, policy: { retryDays: [2], disabledAfterDays: 5, deletedAfterDays: 10 } });
    try {
      await runDunning({ db, gateway, now: day(31 + 5) });
      expect((await org.subscription()).status).toBe('disabled');
      await runDunning({ db, gateway, now: day(31 + 10) });
      expect((await org.subscription()).status).toBe('deleted');
    } finally {
      await db.deleteFrom('dunning_policy').execute();
    }
  });
});

describe('reminders before a card expires', () => {
  it('tells the billing admins 30 and then 7 days before, once each, in their language', async () => {
    const org = await organization();
    await db
      .updateTable('payment_methods')
      .set({ exp_month: 2, exp_year: 2027 })
      .where('organization_id', '=', org.organizationId)
      .execute();
    // The card works through 28 February 2027. Day 0 is 15 January: 44 days left.
    const remind = (n: number) => remindExpiringCards({ db, now: day(n) });
    await remind(0);
    expect(await org.notices('card_expiring')).toEqual([]);
    await Promise.all([remind(14), remind(14)]); // 30 days left, two processes at once
    await remind(21);
    expect(await org.notices('card_expiring')).toHaveLength(2);
    await remind(37); // 7 days left
    await remind(38);
    const notices = await org.notices('card_expiring');
    expect(notices).toHaveLength(4);
    const chinese = notices.find((notice) => notice.locale === 'zh-TW');
    expect(chinese?.body).toContain('Visa •••• 4242 將於2027年2月底到期');
    const english = notices.find((notice) => notice.locale === 'en-US');
    expect(english?.subject).toBe('Your card for Contoso Suite expires soon');
    expect(english?.body).toContain('expires at the end of February 2027');
    expect(notices.map((notice) => notice.recipient_user_id).sort()).toEqual(
      [org.users.global, org.users.billing, org.users.global, org.users.billing].sort(),
    );
  });
});
