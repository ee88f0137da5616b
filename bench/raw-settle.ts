// The limit for the settle bench: the statements one settlement sends (as PostgreSQL logs them with
// log_statement = 'all'), in the same transactions and order, straight through a driver. No
// Fastify, no zod, no Kysely, no use-case code: what is left is the database's own cost.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Db } from '../src/db/connect.js';
import type { BenchAccount } from './seed-past-due.js';

type Row = Record<string, unknown>;
export interface RawSession {
  query: (text: string, params?: unknown[]) => Promise<Row[]>;
}
export interface RawDriver {
  /** One statement on its own (autocommit). */
  query: RawSession['query'];
  transaction: <T>(work: (session: RawSession) => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
}

/** PostgreSQL: a `pg` pool of the app's size, BEGIN/COMMIT on one pooled client. */
export function pgDriver(url: string, max: number): RawDriver {
  const pool = new pg.Pool({ connectionString: url, max });
  return {
    query: async (text, params) => (await pool.query(text, params)).rows,
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work({ query: async (text, params) => (await client.query(text, params)).rows });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** PGlite has one connection: its transactions must go through the dialect's queue, never raw BEGIN. */
export function pgliteDriver(db: Db): RawDriver {
  const run = async (executor: Pick<Db, 'executeQuery'>, text: string, params: unknown[] = []) =>
    (await executor.executeQuery<Row>(CompiledQuery.raw(text, params))).rows;
  return {
    query: (text, params) => run(db, text, params),
    transaction: (work) =>
      db.transaction().execute((tx) => work({ query: (text, params) => run(tx, text, params) })),
    close: async () => {},
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function rawSettle(driver: RawDriver, account: BenchAccount): Promise<boolean> {
  const now = new Date();
  const key = randomUUID();
  const body = JSON.stringify({
    expectedAmountMinor: account.amountMinor,
    card: { kind: 'existing', paymentMethodId: account.paymentMethodId },
  });
  const session = await driver.query(
    `select users.id, users.organization_id, users.role, users.locale, organizations.locale, users.display_name, users.email
     from sessions inner join users on users.id = sessions.user_id inner join organizations on organizations.id = users.organization_id
     where sessions.token_hash = $1 and sessions.expires_at > $2`,
    [sha256(account.sessionToken), now],
  );
  if (session.length !== 1) return false;
  await driver.query(
    `insert into idempotency_keys (organization_id, key, request_hash, state, locked_at) values ($1, $2, $3, $4, $5)
     on conflict (organization_id, key) do nothing returning key`,
    [account.organizationId, key, sha256(body), 'in_progress', now],
  );
  await driver.query('select id, status from subscriptions where id = $1 and organization_id = $2', [
    account.subscriptionId,
    account.organizationId,
  ]);
  const [method] = await driver.query(
    'select * from payment_methods where id = $1 and organization_id = $2 and removed_at is null',
    [account.paymentMethodId, account.organizationId],
  );
  if (!method) return false;

  const paymentId = randomUUID();
  await driver.transaction(async (tx) => {
    await tx.query('select id from subscriptions where id = $1 for update', [account.subscriptionId]);
    await tx.query('select id from payments where subscription_id = $1 and status in ($2, $3)', [
      account.subscriptionId,
      'pending',
      'unknown',
    ]);
    const invoices = await tx.query(
      `select id, amount_minor, currency from invoices where subscription_id = $1 and organization_id = $2 and status = $3
       order by issued_on for update`,
      [account.subscriptionId, account.organizationId, 'open'],
    );
    await tx.query(
      `select subscription_id, sum(amount_minor)::bigint as balance from ledger_entries
       where organization_id = $1 and account = $2 and subscription_id in ($3) group by subscription_id`,
      [account.organizationId, 'receivable', account.subscriptionId],
    );
    const invoice = invoices[0] as Row;
    await tx.query(
      `with payment as (insert into payments (id, organization_id, subscription_id, payment_method_id, gateway_token, card_brand,
         card_last4, card_exp_month, card_exp_year, cardholder_name, amount_minor, currency, status, failure_code,
         gateway_charge_id, created_by_user_id, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) returning *),
       reconcile as (insert into queue_tasks (topic, subject_id, run_at) values ($19, $1, $20)),
       covered as (insert into payment_invoices (payment_id, invoice_id, amount_minor) values ($21, $22, $23))
       select * from payment`,
      [
        paymentId,
        account.organizationId,
        account.subscriptionId,
        method.id,
        method.gateway_token,
        method.brand,
        method.last4,
        method.exp_month,
        method.exp_year,
        method.cardholder_name,
        account.amountMinor,
        'USD',
        'pending',
        null,
        null,
        account.userId,
        now,
        now,
        'payment.reconcile',
        new Date(now.getTime() + 30_000),
        paymentId,
        invoice.id,
        account.amountMinor,
      ],
    );
  });

  await driver.query('select * from sandbox_cards where token = $1', [method.gateway_token]);
  const chargeId = `ch_${randomBytes(12).toString('hex')}`;
  await driver.query(
    `insert into sandbox_charges (idempotency_key, charge_id, token, amount_minor, currency, outcome, failure_code)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (idempotency_key) do nothing returning *`,
    [paymentId, chargeId, method.gateway_token, account.amountMinor, 'USD', 'succeeded', null],
  );

  await driver.transaction(async (tx) => {
    await tx.query(
      `select payments.*, subscriptions.status, subscriptions.payment_method_id from payments
       inner join subscriptions on subscriptions.id = payments.subscription_id where payments.id = $1 for update`,
      [paymentId],
    );
    await tx.query(
      `update payments set status = $1, gateway_charge_id = $2, payment_method_id = $3, updated_at = $4
       where id = $5 returning *`,
      ['succeeded', chargeId, method.id, now, paymentId],
    );
    await tx.query(
      `update queue_tasks set done_at = $1, updated_at = $2
       where topic = $3 and subject_id in ($4) and done_at is null and dead_at is null`,
      [now, now, 'payment.reconcile', paymentId],
    );
    const covered = await tx.query(
      `update invoices set status = $1, paid_at = $2, payment_id = $3
       where status = $4 and id in (select invoice_id from payment_invoices where payment_id = $5)
       returning id, amount_minor, currency, issued_on`,
      ['paid', now, paymentId, 'open', paymentId],
    );
    const journalId = randomUUID();
    const invoiceId = (covered[0] as Row).id;
    await tx.query(
      `insert into ledger_entries (organization_id, journal_id, account, amount_minor, currency, subscription_id, invoice_id, payment_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8), ($1, $2, $9, $10, $5, $6, $7, $8)`,
      [
        account.organizationId,
        journalId,
        'gateway_clearing',
        account.amountMinor,
        'USD',
        account.subscriptionId,
        invoiceId,
        paymentId,
        'receivable',
        -account.amountMinor,
      ],
    );
    await tx.query(
      'update subscriptions set status = $1, past_due_since = $2, payment_method_id = $3 where id = $4',
      ['active', null, method.id, account.subscriptionId],
    );
    const details = JSON.stringify({
      paymentId,
      amountMinor: String(account.amountMinor),
      currency: 'USD',
      invoices: 1,
    });
    await tx.query(
      `insert into audit_log (organization_id, actor_user_id, action, target_type, target_id, details)
       values ($1, $2, $3, $4, $5, $6), ($1, $2, $7, $4, $5, $8)`,
      [
        account.organizationId,
        account.userId,
        'balance.settled',
        'subscription',
        account.subscriptionId,
        details,
        'subscription.reactivated',
        JSON.stringify({ from: 'expired', to: 'active' }),
      ],
    );
  });
  await driver.query(
    `update idempotency_keys set state = $1, response_status = $2, response_body = $3 where organization_id = $4 and key = $5`,
    ['done', 200, JSON.stringify({ paymentId, status: 'succeeded' }), account.organizationId, key],
  );
  return true;
}
