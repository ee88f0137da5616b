// PostgreSQL's own yardstick on the same server: pgbench's TPC-B-like script, if pgbench is installed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { percentile } from './stats.js';

export interface PgbenchResult {
  tps: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
}

export function hasPgbench(): boolean {
  try {
    execFileSync('pgbench', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `pgbench -c 8 -j 2 -T <seconds>` on a database of its own, dropped afterwards. */
export async function runPgbench(options: {
  serverUrl: string;
  clients: number;
  threads: number;
  seconds: number;
  scale: number;
}): Promise<PgbenchResult> {
  const name = 'settle_pgbench';
  const admin = new pg.Client({ connectionString: options.serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const url = new URL(options.serverUrl);
  url.pathname = `/${name}`;
  const logs = mkdtempSync(join(tmpdir(), 'pgbench-'));
  try {
    execFileSync('pgbench', ['-i', '-q', '-s', String(options.scale), url.toString()], { stdio: 'ignore' });
    const output = execFileSync(
      'pgbench',
      [
        ...['-c', String(options.clients), '-j', String(options.threads), '-T', String(options.seconds)],
        ...['-l', '--log-prefix', join(logs, 'tx'), url.toString()],
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const tps = Number(/tps = ([\d.]+)/.exec(output)?.[1] ?? Number.NaN);
    const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);
    // Per-transaction log lines: client, transaction, latency in µs, ...
    const latencies = readdirSync(logs)
      .flatMap((file) => readFileSync(join(logs, file), 'utf8').trim().split('\n'))
      .map((line) => Number(line.split(' ')[2]) / 1000);
    return { tps, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), failed };
  } finally {
    rmSync(logs, { recursive: true, force: true });
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
