import { sql } from 'kysely';
import type { Db } from '../../src/db/connect.js';

/**
 * The demo database a test worker's tests use one after another (its files share it: isolate is off),
 * its rows put back in between, instead of a new copy of the template for each test:
 * - on PGlite a new copy costs ~0.75 s of CPU (the 43 MB data folder unpacked and the server started
 *   in WebAssembly), which was most of the embedded suite's time;
 * - on PostgreSQL `CREATE DATABASE … TEMPLATE` and `DROP DATABASE` cost ~0.5–1 s under the suite's load
 *   (the 10 MB copy is written through the WAL and flushed), for every one of ~900 tests.
 * Putting the demo's rows back costs ~0.1 s. A database is handed on only when its test left it quiet
 * (no processor call still under way that could write into the next test) and its schema as it was;
 * otherwise it is dropped and the next test gets a new copy.
 */
export interface DemoCopy {
  /** A connection to the copy: on PGlite the database itself, on PostgreSQL a new pool. */
  open: () => Db;
  /** After a test: on PostgreSQL the pool is closed, so no session, lock or setting outlives its test. */
  close: (db: Db) => Promise<void>;
  /** Ends the copy for good. */
  drop: () => Promise<void>;
  /** Whether rows may be put back (on PostgreSQL it needs a superuser: replica role); else one copy per test. */
  reusable: boolean;
}

interface Kept {
  copy: DemoCopy;
  db: Db;
  inUse: boolean;
  rows: Remembered;
}

interface Remembered {
  tables: { name: string; columns: string; hasRows: boolean }[];
  sequences: { name: string; lastValue: string | null; startValue: string }[];
  schemaPrint: string;
}

let kept: Kept | undefined;
/** Copies made while the kept one was in use (a test with two apps): never handed on. */
const others = new Map<Db, DemoCopy>();

export async function takeDemo(make: () => Promise<DemoCopy>): Promise<Db> {
  if (kept && !kept.inUse) {
    const previous = kept;
    kept = undefined;
    const db = previous.copy.open();
    if ((await schemaPrintOf(db)) === previous.rows.schemaPrint) {
      await putBackDemoRows(db, previous.rows);
      kept = { ...previous, db, inUse: true };
      return db;
    }
    await previous.copy.close(db);
    await previous.copy.drop();
  }
  const copy = await make();
  const db = copy.open();
  // A second app in one test (the kept copy is in use), or rows that cannot be put back: one test's copy.
  if (kept || !copy.reusable) {
    others.set(db, copy);
    return db;
  }
  kept = { copy, db, inUse: true, rows: await rememberDemoRows(db) };
  return db;
}

/** After a test: keep its database for the next test, or end it (not quiet, or not the kept one). */
export async function releaseDemo(db: Db, quiet: boolean): Promise<void> {
  const other = others.get(db);
  if (other) {
    others.delete(db);
    await other.close(db);
    await other.drop();
    return;
  }
  if (kept?.db !== db) return;
  await kept.copy.close(db);
  if (quiet) {
    kept.inUse = false;
    return;
  }
  const gone = kept;
  kept = undefined;
  await gone.copy.drop();
}

async function rememberDemoRows(db: Db): Promise<Remembered> {
  const tables = (
    await sql<{ name: string; columns: string }>`
      select c.relname as name,
             string_agg(format('%I', a.attname), ', ' order by a.attnum) as columns
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      where c.relkind = 'r'
      group by c.relname
      order by c.relname`.execute(db)
  ).rows;
  await sql`create schema test_demo_rows`.execute(db);
  const remembered: Remembered['tables'] = [];
  for (const table of tables) {
    await sql
      .raw(
        `create table test_demo_rows.${quote(table.name)} as select ${table.columns} from public.${quote(table.name)}`,
      )
      .execute(db);
    const counted = await sql
      .raw<{ n: number }>(`select count(*)::int as n from test_demo_rows.${quote(table.name)}`)
      .execute(db);
    remembered.push({ ...table, hasRows: (counted.rows[0]?.n ?? 0) > 0 });
  }
  const sequences = (
    await sql<{ name: string; lastValue: string | null; startValue: string }>`
      select format('%I.%I', schemaname, sequencename) as name, last_value::text as "lastValue",
             start_value::text as "startValue"
      from pg_sequences where schemaname = 'public'`.execute(db)
  ).rows;
  return { tables: remembered, sequences, schemaPrint: await schemaPrintOf(db) };
}

async function putBackDemoRows(db: Db, demo: Remembered): Promise<void> {
  await db.transaction().execute(async (tx) => {
    // Replica role: no foreign-key checks and no triggers (the ledger's append-only guard among them)
    // while every row is taken out and the demo's put back; it ends with the transaction.
    await sql`set local session_replication_role = replica`.execute(tx);
    for (const table of demo.tables) await sql.raw(`delete from public.${quote(table.name)}`).execute(tx);
    for (const table of demo.tables.filter((t) => t.hasRows))
      await sql
        .raw(
          `insert into public.${quote(table.name)} (${table.columns}) overriding system value ` +
            `select ${table.columns} from test_demo_rows.${quote(table.name)}`,
        )
        .execute(tx);
    for (const sequence of demo.sequences)
      await sql`select setval(${sequence.name}::regclass, ${sequence.lastValue ?? sequence.startValue}::bigint, ${sequence.lastValue !== null})`.execute(
        tx,
      );
  });
  // PGlite is one session for all tests: session-level locks a test left would outlive it.
  await sql`select pg_advisory_unlock_all()`.execute(db);
}

/** Changes with any table, column, index, trigger or function made or dropped. */
async function schemaPrintOf(db: Db): Promise<string> {
  const print = await sql<{ print: string }>`
    select concat_ws(':', (select count(*) from pg_class), (select count(*) from pg_attribute),
                     (select count(*) from pg_trigger), (select count(*) from pg_proc),
                     (select count(*) from pg_constraint)) as print`.execute(db);
  return print.rows[0]?.print ?? '';
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
