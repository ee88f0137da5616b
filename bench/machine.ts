import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { sql } from 'kysely';
import type { Db } from '../src/db/connect.js';

/** One line on what a figure was measured on: the figures mean nothing without it. */
export async function describeMachine(db?: Db): Promise<string> {
  const cores = cpus();
  const model = cores[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown cpu';
  const parts = [
    `${cores.length} × ${model}`,
    `${Math.round(totalmem() / 2 ** 30)} GiB`,
    `Linux ${release()}`,
    `Node ${process.version}`,
    `load ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  ];
  if (db) parts.push(await databaseVersion(db));
  return `Machine: ${parts.join(', ')}`;
}

async function databaseVersion(db: Db): Promise<string> {
  const { rows } = await sql<{ version: string }>`select version()`.execute(db);
  const server = (rows[0]?.version ?? '').split(' on ')[0] ?? '';
  if (process.env.TEST_DATABASE_URL) return `${server} (server on this machine)`;
  const pglite = JSON.parse(
    readFileSync(new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  return `PGlite ${pglite.version} in-process (${server})`;
}
