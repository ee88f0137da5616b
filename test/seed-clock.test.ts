import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/demo/seed-demo.js';
import { SandboxGateway } from '../src/gateway/sandbox/sandbox-gateway.js';
import { createTestDb } from './harness.js';

let drop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await drop?.();
  drop = undefined;
});

// The demo seed once stamped its declined renewal at 01:00 UTC on the invoice's day: between 00:00
// and 01:00 that lay in the future and outranked the payments tests made. These clocks are the
// hours and days where that kind of mistake shows.
const clocks = ['2027-01-31T23:30:00Z', '2027-03-01T00:30:00Z', '2028-02-29T00:05:00Z'];

describe('the demo seed on any clock', () => {
  it.each(clocks)('writes nothing stamped after its own clock (%s)', async (at) => {
    const database = await createTestDb();
    drop = database.drop;
    const now = new Date(at);
    const { db } = database;
    await seedDemo({ db, sandbox: new SandboxGateway(db, () => now), now });
    const latest = await db
      .selectFrom('payments')
      .select([sql<Date>`max(created_at)`.as('created'), sql<Date>`max(updated_at)`.as('updated')])
      .executeTakeFirstOrThrow();
    expect(new Date(latest.created).getTime()).toBeLessThanOrEqual(now.getTime());
    expect(new Date(latest.updated).getTime()).toBeLessThanOrEqual(now.getTime());
    const issued = await db
      .selectFrom('invoices')
      .select(sql<string>`max(issued_on)::text`.as('day'))
      .executeTakeFirstOrThrow();
    expect(issued.day <= at.slice(0, 10)).toBe(true);
  });
});
