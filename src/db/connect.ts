import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

const INT8 = 20;
const DATE = 1082;

export interface ConnectOptions {
  /** postgres://… for a PostgreSQL server; otherwise the embedded PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite's data folder; undefined keeps the database in memory (tests). */
  dataDir?: string | undefined;
  maxConnections?: number;
  /** Starts the embedded database from a dump of another (PGlite's dumpDataDir): tests copy a template. */
  loadDataDir?: Blob | undefined;
}

/**
 * bigint columns come back as bigint and dates as 'YYYY-MM-DD' on both dialects, so no amount
 * ever passes through a float and no date shifts with the server's time zone.
 */
export function connect(options: ConnectOptions): Db {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.maxConnections ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === INT8) return (value: string) => BigInt(value);
          if (oid === DATE) return (value: string) => value;
          return pg.types.getTypeParser(oid, format);
        }) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection dropped by the server (restart, failover) must not take the process down;
    // the pool replaces it on the next query.
    pool.on('error', (error) => console.error(`idle PostgreSQL connection lost: ${error.message}`));
    // A connection in use can be cut too (a restart, a dropped database): the query on it fails and
    // its caller is told; without a listener, the client's 'error' event would end the process.
    pool.on('connect', (client) =>
      client.on('error', (error) => console.error(`PostgreSQL connection lost: ${error.message}`)),
    );
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const pglite = new PGlite({
    dataDir: options.dataDir,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { [INT8]: (value: string) => BigInt(value), [DATE]: (value: string) => value },
    serializers: { [INT8]: (value: unknown) => String(value) },
  });
  yieldBeforeEachStatement(pglite);
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  embedded.set(db, pglite);
  return db;
}

const embedded = new WeakMap<Db, PGlite>();

/** PGlite belongs to one process and has one connection: no other process can race it. */
export function isEmbedded(db: Db): boolean {
  return embedded.has(db);
}

/** The embedded database's whole contents, to start copies from (loadDataDir). */
export async function dumpEmbedded(db: Db): Promise<Blob> {
  const pglite = embedded.get(db);
  if (!pglite) throw new Error('only an embedded database can be dumped');
  return pglite.dumpDataDir('none');
}

/**
 * PGlite runs each statement synchronously on the main thread, and a busy request's next statement
 * follows as a microtask: under load, new connections waited seconds for the event loop (32 clients:
 * p99 3 s, each new connection let in ~170 ms after the last). A turn of the loop before each
 * statement or transaction lets waiting sockets in first (p99 0.29 s, same throughput).
 */
function yieldBeforeEachStatement(pglite: PGlite): void {
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  const query = pglite.query.bind(pglite);
  const transaction = pglite.transaction.bind(pglite);
  pglite.query = (async (...args: Parameters<typeof query>) => {
    await turn();
    return query(...args);
  }) as typeof query;
  pglite.transaction = (async (...args: Parameters<typeof transaction>) => {
    await turn();
    return transaction(...args);
  }) as typeof transaction;
}
