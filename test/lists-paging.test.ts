import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { providerClient, setupTestApp } from './harness.js';

// Rows written by one statement share one transaction time, to the microsecond, which is rarely a whole
// millisecond: a cursor that kept milliseconds fell between such rows and skipped them. Each list is
// paged one row at a time over copies written that way, and must name every row exactly once.

const t = setupTestApp();
const copies = 6;

/** Copies a row n times in one INSERT, with new ids (and whatever else must stay unique) and now() as created_at. */
async function copyInOneStatement(
  db: Db,
  table: string,
  id: string,
  overrides: (n: ReturnType<typeof sql.ref>) => ReturnType<typeof sql>,
) {
  await sql`insert into ${sql.table(table)}
    select (jsonb_populate_record(null::${sql.table(table)},
      to_jsonb(original) || ${overrides(sql.ref('n'))})).*
    from ${sql.table(table)} original, generate_series(1, ${copies}) n
    where original.id = ${id}`.execute(db);
}

async function pageOneByOne(
  fetchPage: (cursor: string | null) => Promise<{ ids: string[]; next: string | null }>,
) {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 500; page++) {
    const { ids, next } = await fetchPage(cursor);
    expect(ids.length).toBeLessThanOrEqual(1);
    seen.push(...ids);
    if (!next) return seen;
    cursor = next;
  }
  throw new Error('the list never ended');
}

const unique = (ids: string[]) => new Set(ids).size === ids.length;

describe('every list, paged one row at a time over rows written by one statement', () => {
  it('the provider API: organizations, products, an organization’s subscriptions, events and refunds', async () => {
    const { call } = await providerClient(t);
    const org = await t.db.selectFrom('organizations').select('id').orderBy('id').executeTakeFirstOrThrow();
    await copyInOneStatement(
      t.db,
      'organizations',
      org.id,
      // Each customer's transfer account is its own: the copies have none.
      (n) =>
        sql`jsonb_build_object('id', original.id || '-copy-' || ${n}, 'created_at', now(), 'transfer_account', null)`,
    );
    const product = await t.db.selectFrom('products').select('id').orderBy('id').executeTakeFirstOrThrow();
    await copyInOneStatement(
      t.db,
      'products',
      product.id,
      (n) => sql`jsonb_build_object('id', original.id || '-copy-' || ${n}, 'created_at', now())`,
    );
    const subscription = await t.db
      .selectFrom('subscriptions')
      .select(['id', 'organization_id'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await copyInOneStatement(
      t.db,
      'subscriptions',
      subscription.id,
      (n) => sql`jsonb_build_object('id', original.id || '-copy-' || ${n}, 'created_at', now())`,
    );
    const event = await t.db
      .selectFrom('events')
      .select(['id', 'organization_id'])
      .where('organization_id', '=', subscription.organization_id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await copyInOneStatement(
      t.db,
      'events',
      event.id,
      (n) =>
        sql`jsonb_build_object('id', original.id || '-copy-' || ${n}, 'created_at', now(), 'sequence', nextval('events_sequence_seq'))`,
    );

    // Refunds (refused ones: any number per payment), written in one statement.
    const payment = await t.db
      .selectFrom('payments')
      .select(['id', 'organization_id', 'currency'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await sql`insert into refunds (id, organization_id, payment_id, amount_minor, currency, reason, status, failure_code)
      select 'refund-copy-' || n, ${payment.organization_id}, ${payment.id}, 100, ${payment.currency}, 'other',
        'failed', 'charge_not_refundable'
      from generate_series(1, ${copies}) n`.execute(t.db);

    const lists = [
      ['/organizations', await t.db.selectFrom('organizations').select('id').execute()],
      ['/refunds', await t.db.selectFrom('refunds').select('id').execute()],
      ['/products?includeArchived=true', await t.db.selectFrom('products').select('id').execute()],
      [
        `/organizations/${subscription.organization_id}/subscriptions`,
        await t.db
          .selectFrom('subscriptions')
          .select('id')
          .where('organization_id', '=', subscription.organization_id)
          .execute(),
      ],
      [
        `/events?organizationId=${subscription.organization_id}`,
        await t.db
          .selectFrom('events')
          .select('id')
          .where('organization_id', '=', subscription.organization_id)
          .execute(),
      ],
    ] as const;
    for (const [path, rows] of lists) {
      const all = await call('GET', `${path}${path.includes('?') ? '&' : '?'}limit=100`);
      const seen = await pageOneByOne(async (cursor) => {
        const answer = await call(
          'GET',
          `${path}${path.includes('?') ? '&' : '?'}limit=1${cursor ? `&after=${cursor}` : ''}`,
        );
        expect(answer.status, path).toBe(200);
        return {
          ids: answer.body.items.map((item: { id: string }) => item.id),
          next: answer.body.nextCursor,
        };
      });
      expect(unique(seen), path).toBe(true);
      expect(seen.sort(), path).toEqual(rows.map((row) => row.id).sort());
      expect(seen.length, path).toBe(all.body.items.length);
    }
  });

  it('the admin center: Your products, Bills & payments and the audit log', async () => {
    const mei = await t.signIn('mei@contoso.tw');
    const me = await mei.get('/api/me');
    const organizationId: string = me.body.organization?.id ?? me.body.organizationId;
    const subscription = await t.db
      .selectFrom('subscriptions')
      .select('id')
      .where('organization_id', '=', organizationId)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await copyInOneStatement(
      t.db,
      'subscriptions',
      subscription.id,
      (n) => sql`jsonb_build_object('id', original.id || '-copy-' || ${n}, 'created_at', now())`,
    );
    const invoice = await t.db
      .selectFrom('invoices')
      .select('id')
      .where('organization_id', '=', organizationId)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await copyInOneStatement(
      t.db,
      'invoices',
      invoice.id,
      (n) =>
        sql`jsonb_build_object('id', original.id || '-copy-' || ${n}, 'number', original.number || '-' || ${n},
          'period_start', original.period_start - ${n}::int, 'created_at', now())`,
    );
    const entry = await t.db
      .selectFrom('audit_log')
      .select(sql<string>`id::text`.as('id'))
      .where('organization_id', '=', organizationId)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await sql`insert into audit_log
      select (jsonb_populate_record(null::audit_log,
        to_jsonb(original) || jsonb_build_object('id', nextval('audit_log_id_seq'), 'created_at', now()))).*
      from audit_log original, generate_series(1, ${copies}) n where original.id = ${entry.id}::int8`.execute(
      t.db,
    );

    const subscriptions = await pageOneByOne(async (cursor) => {
      const answer = await mei.get(`/api/subscriptions?limit=1${cursor ? `&after=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      return { ids: answer.body.items.map((item: { id: string }) => item.id), next: answer.body.nextCursor };
    });
    const expectedSubscriptions = await t.db
      .selectFrom('subscriptions')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('status', '!=', 'deleted')
      .execute();
    expect(unique(subscriptions)).toBe(true);
    expect(subscriptions.sort()).toEqual(expectedSubscriptions.map((row) => row.id).sort());

    const invoices = await pageOneByOne(async (cursor) => {
      const answer = await mei.get(`/api/invoices?limit=1${cursor ? `&after=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      const link = answer.headers.link as string | undefined;
      const next = link
        ? new URL(/<([^>]+)>/.exec(link)?.[1] ?? '', 'http://x').searchParams.get('after')
        : null;
      return { ids: answer.body.map((item: { id: string }) => item.id), next };
    });
    const expectedInvoices = await t.db
      .selectFrom('invoices')
      .select('id')
      .where('organization_id', '=', organizationId)
      .execute();
    expect(unique(invoices)).toBe(true);
    expect(invoices.sort()).toEqual(expectedInvoices.map((row) => row.id).sort());

    const audit = await pageOneByOne(async (cursor) => {
      const answer = await mei.get(`/api/audit-log?limit=1${cursor ? `&before=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      const ids = answer.body.map((item: { id: string }) => item.id);
      return { ids, next: ids[0] ?? null };
    });
    const expectedAudit = await t.db
      .selectFrom('audit_log')
      .select(sql<string>`id::text`.as('id'))
      .where('organization_id', '=', organizationId)
      .execute();
    expect(unique(audit)).toBe(true);
    expect(audit.sort()).toEqual(expectedAudit.map((row) => row.id).sort());
  });

  it('a cursor that is not one is bad input, never a 500', async () => {
    const mei = await t.signIn('mei@contoso.tw');
    const { call } = await providerClient(t);
    const bad = ['1e5', 'abc', '2026-13-45', '%00', 'WyIyMDI2LTAyLTMwVDAwOjAwOjAwWiIsIngiXQ'];
    for (const value of bad) {
      for (const answer of [
        await mei.get(`/api/audit-log?before=${value}`),
        await mei.get(`/api/invoices?after=${value}`),
        await mei.get(`/api/subscriptions?after=${value}`),
        await call('GET', `/organizations?after=${value}`),
        await call('GET', `/events?after=${value}`),
      ]) {
        expect(answer.status, value).toBe(400);
        expect(answer.body).toMatchObject({ code: 'validation_failed', message: expect.any(String) });
      }
    }
  });
});
