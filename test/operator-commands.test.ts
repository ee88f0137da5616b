import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../src/db/connect.js';
import { seededDataDir } from './harness.js';

const run = promisify(execFile);

// The README's operators' commands, exactly as written there, on an embedded database like the one
// `npm start` leaves (the demo seeded; no server running, as the README says: PGlite is one process).
// They always open the embedded database (DATABASE_URL is cleared), so the PostgreSQL pass would run
// exactly this again: they run in the embedded pass only (reported as skipped in the other). Each test
// has a data folder of its own (one process may open a folder at a time). They run one after another:
// side by side, six PGlite processes on two cores took longer in all (100 s each under a full run) and
// timed out.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('the operators’ commands', () => {
  const dataDirs: string[] = [];
  /** The commands of one test, on a folder of its own with the demo seeded. */
  const operator = async () => {
    const dataDir = await seededDataDir();
    dataDirs.push(dataDir);
    const npm = (script: string, ...args: string[]) =>
      run('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
        env: { ...process.env, SETTLE_DATA_DIR: dataDir, DATABASE_URL: '' },
        timeout: 120_000,
      });
    return { dataDir, npm };
  };
  afterAll(() => {
    for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
  });

  it('npm run reconcile prints its summary and exits 0 when every payment was reconciled', async () => {
    const { npm } = await operator();
    const { stdout } = await npm('reconcile');
    expect(stdout).toMatch(
      /Reconciled \d+ payment\(s\): \d+ succeeded, \d+ failed, \d+ still unknown, \d+ awaiting the cardholder’s bank, 0 error\(s\); \d+ unrecorded charge\(s\) refunded\./,
    );
  }, 120_000);

  it('npm run check:ledger finds the demo books sound', async () => {
    const { npm } = await operator();
    const { stdout } = await npm('check:ledger');
    expect(stdout).toContain('Ledger OK');
  }, 120_000);

  it('npm run billing renews what is due and runs dunning once', async () => {
    const { npm } = await operator();
    const { stdout } = await npm('billing');
    expect(stdout).toMatch(/^Billing: \d+ invoice\(s\) issued/m);
    // The books stay sound after a billing run.
    expect((await npm('check:ledger')).stdout).toContain('Ledger OK');
  }, 120_000);

  it('npm run queue lists the dead letters and gives one its attempts again', async () => {
    const { dataDir, npm } = await operator();
    // A notice whose email was given up (as after ten refusals by the mail server).
    const db = connect({ dataDir });
    const dead = await db
      .updateTable('queue_tasks')
      .set({ dead_at: new Date(), attempts: 10, last_error: '452 mailbox full' })
      .where('id', '=', (query) =>
        query
          .selectFrom('queue_tasks')
          .select((eb) => eb.fn.min('id').as('id'))
          .where('topic', '=', 'email.notification')
          .where('done_at', 'is', null),
      )
      .returning(['id', 'subject_id'])
      .executeTakeFirstOrThrow();
    await db.destroy();
    const listed = (await npm('queue', 'dead')).stdout;
    expect(listed).toContain(`${dead.id}\temail.notification\t${dead.subject_id}\t10 attempt(s)`);
    expect(listed).toContain('452 mailbox full');
    expect((await npm('queue', 'retry', String(dead.id))).stdout).toContain('is queued again, due now');
    expect((await npm('queue', 'dead')).stdout).toContain('No dead letters.');
    await expect(npm('queue', 'retry', String(dead.id))).rejects.toMatchObject({ code: 1 });
    await expect(npm('queue', 'retry', 'abc')).rejects.toMatchObject({ code: 2 });
  }, 120_000);

  it('npm run queue shows each topic at a glance, and the work that keeps failing', async () => {
    const { dataDir, npm } = await operator();
    // A provider alert the mail server refused once: still retried, not given up.
    const db = connect({ dataDir });
    const alert = await db
      .insertInto('provider_emails')
      .values({ to_address: 'ops@example.com', subject: 'An alert', body: 'Body' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('queue_tasks')
      .values({
        topic: 'email.provider',
        subject_id: alert.id,
        attempts: 1,
        last_error: '421 try again later',
        run_at: new Date(Date.now() + 60_000),
      })
      .execute();
    await db.destroy();
    expect((await npm('queue', 'status')).stdout).toMatch(
      /^email\.provider\t0 due\t1 waiting\t1 failing\t0 dead$/m,
    );
    const failing = (await npm('queue', 'failing')).stdout;
    expect(failing).toMatch(new RegExp(`\\temail\\.provider\\t${alert.id}\\t1 attempt\\(s\\)\\tnext `));
    expect(failing).toContain('421 try again later');
    expect((await npm('queue', 'failing', 'payment.reconcile')).stdout).toContain('No task is failing.');
  }, 120_000);

  it('npm run keys creates a provider API key (its secret shown once), lists it and revokes it', async () => {
    const { npm } = await operator();
    const created = await npm('keys', 'create', '--name', 'billing-sync', '--read-only');
    const secret = /^(sk_[A-Za-z0-9_-]{43})$/m.exec(created.stdout)?.[1] ?? '';
    expect(created.stdout).toContain('Created API key "billing-sync" (read-only)');
    expect(secret).not.toBe('');
    const listed = (await npm('keys', 'list')).stdout;
    expect(listed).toContain(secret.slice(0, 12));
    expect(listed).toMatch(/billing-sync\s+read-only .* never used {2}active/);
    expect(listed, 'the secret is never shown again').not.toContain(secret);
    expect((await npm('keys', 'revoke', secret.slice(0, 12))).stdout).toContain(
      'Revoked API key "billing-sync"',
    );
    expect((await npm('keys', 'list')).stdout).toMatch(/REVOKED/);
    await expect(npm('keys', 'create')).rejects.toMatchObject({ code: 2 });
  }, 120_000);
});
