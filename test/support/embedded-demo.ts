import { sql } from 'kysely';
import type { Db } from '../../src/db/connect.js';

/**
 * On PGlite, the demo database a test worker's tests use one after another (its files share it:
 * isolate is off). A new copy of the template
 * costs ~0.75 s of CPU (the 43 MB data folder unpacked and the server started in WebAssembly), which
 * was most of the embedded suite's time; putting the demo's rows back costs ~0.08 s. A database is
 * handed on only when its test left it quiet (no processor call still under way that could write into
 * the next test) and its schema as it was; otherwise it is dropped and the next test gets a new copy.
 */
interface Kept {
  db: Db;
  tables: { name: string; columns: string; hasRows: boolean }[];
  sequences: { name: string; lastValue: string | null; startValue: string }[];
  schemaPrint: string;
}

let kept: Kept | undefined;

export async function takeEmbeddedDemo(load: () => Promise<Db>): Promise<Db> {
  const previous = kept;
  kept = undefined;
  if (previous) {
    if ((await schemaPrintOf(previous.db)) === previous.schemaPrint) {
      await putBackDemoRows(previous);
      kept = previous;
      return previous.db;
    }
    await previous.db.destroy();
  }
  const db = await load();
  kept = await rememberDemoRows(db);
  return db;
}

/** After a test: keep its database for the next test, or end it (not quiet, or not the kept one). */
export async function releaseEmbeddedDemo(db: Db, quiet: boolean): Promise<void> {
  if (quiet && kept?.db === db) return;
  if (kept?.db === db) kept = undefined;
  await db.destroy();
}

async function rememberDemoRows(db: Db): Promise<Kept> {
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
  const remembered: Kept['tables'] = [];
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
  return { db, tables: remembered, sequences, schemaPrint: await schemaPrintOf(db) };
}

async function putBackDemoRows(demo: Kept): Promise<void> {
  await demo.db.transaction().execute(async (tx) => {
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
  await sql`select pg_advisory_unlock_all()`.execute(demo.db);
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
