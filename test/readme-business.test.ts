import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededDataDir } from './harness.js';
import { type ServerProcess, startServerProcess } from './server-process.js';

const run = promisify(execFile);

/** The README's "Run your own business" section: its sh line (the key) and its bash block (the calls). */
function readmeSection() {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Run your own business'));
  const keyLine = /```sh\n(npm run keys[^\n]*)\n```/.exec(section)?.[1];
  // Every bash block of the section, in order: one shell session, as a reader runs them.
  const calls =
    [...section.matchAll(/```bash\n([\s\S]*?)\n```/g)].map((match) => match[1]).join('\n') || null;
  if (!keyLine || !calls) throw new Error('the README has no "Run your own business" walk-through');
  return { keyLine, calls };
}

// The README's walk-through, exactly as written, against a fresh server (the embedded database, the
// key made before the server starts, as the README says).
describe('the README’s "Run your own business"', () => {
  let dataDir: string;
  let server: ServerProcess;
  let key: string;

  beforeAll(async () => {
    dataDir = await seededDataDir();
    const env = { ...process.env, SETTLE_DATA_DIR: dataDir, DATABASE_URL: '' };
    const made = await run('bash', ['-c', readmeSection().keyLine], { env, timeout: 120_000 });
    key = /^(sk_[A-Za-z0-9_-]{43})$/m.exec(made.stdout)?.[1] ?? '';
    server = await startServerProcess({ dataDir });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** npm run check:ledger, as an operator runs it: with the server stopped (PGlite is one process's), then started again. */
  async function expectLedgerSound() {
    await server.stop();
    const env = { ...process.env, SETTLE_DATA_DIR: dataDir, DATABASE_URL: '' };
    const checked = await run('npm', ['run', '--silent', 'check:ledger'], { env, timeout: 120_000 });
    expect(checked.stdout).toMatch(/^Ledger OK/m);
    server = await startServerProcess({ dataDir });
  }

  it('creates a product, an organization, its admin’s invitation and a subscription, as it says', async () => {
    expect(key).toMatch(/^sk_/);
    const env = { ...process.env, SETTLE: server.url, KEY: key };
    const script = `set -euo pipefail\n${readmeSection().calls}`;
    const { stdout } = await run('bash', ['-c', script], { env, timeout: 120_000 });
    const [
      link,
      subscription,
      voided,
      credit,
      transfer,
      bankTransfer,
      refund,
      preview,
      switched,
      ...einvoiceLines
    ] = stdout.trim().split('\n');
    expect(link).toMatch(new RegExp(`^${server.url}/accept-invitation#token=[A-Za-z0-9_-]{43}$`));
    expect(subscription).toBe('{"status":"active","invoices":[{"amountMinor":945000,"status":"open"}]}');
    expect(JSON.parse(voided ?? '')).toEqual({
      number: expect.stringMatching(/^INV-\d{4,}$/),
      status: 'void',
      amountMinor: 9000,
      voidReason: 'Sent before the order was signed',
    });
    expect(credit).toBe(
      '{"number":"CN-1001","kind":"invoice_reduction","amountMinor":30000,"taxMinor":1400}',
    );
    expect(transfer).toBe(
      '{"method":"bank_transfer","amountMinor":500000,"status":"succeeded","reference":"TXN-20261201-01"}',
    );
    expect(bankTransfer).toBe(
      '{"amountMinor":10000,"amountAppliedMinor":9000,"amountCreditedMinor":1000,"payments":1}',
    );
    expect(preview).toBe(
      '{"direction":"none","amountMinor":0,"renewalTotalMinor":11340000,"billingFrequency":"annual"}',
    );
    expect(switched).toBe('{"billingFrequency":"annual","recurringBilling":true}');
    expect(refund).toBe(
      '{"status":"succeeded","amountMinor":90000,"currency":"TWD","reason":"service_issue"}',
    );
    expect(einvoiceLines).toEqual([
      '{"kind":"mobile_barcode","code":"/ABC+123"}',
      '{"code":"einvoice_barcode_invalid"}',
      '[{"amountMinor":90000,"taxMinor":4300,"buyer":"12345675","number":true,"randomCode":4}]',
    ]);
    await expectLedgerSound();

    // Running it again changes nothing but the invitation's link.
    const again = await run('bash', ['-c', script], {
      env: { ...env, SETTLE: server.url },
      timeout: 120_000,
    });
    const [
      newLink,
      sameSubscription,
      sameVoid,
      sameCredit,
      sameTransfer,
      sameBankTransfer,
      sameRefund,
      samePreview,
      sameSwitch,
      ...sameEInvoiceLines
    ] = again.stdout.trim().split('\n');
    expect(sameEInvoiceLines).toEqual(einvoiceLines);
    expect(sameSwitch).toBe(switched);
    // Asked again once switched: nothing left to switch.
    expect(samePreview).toBe(preview);
    expect(sameCredit).toBe(credit);
    expect(sameTransfer).toBe(transfer);
    expect(sameBankTransfer).toBe(bankTransfer);
    expect(sameSubscription).toBe(subscription);
    expect(sameVoid).toBe(voided);
    expect(sameRefund).toBe(refund);
    expect(newLink?.replace(/^.*#/, '')).not.toBe(link?.replace(/^.*#/, ''));
    await expectLedgerSound();
    const organizations = await fetch(`${server.url}/api/provider/v1/organizations?limit=100`, {
      headers: { authorization: `Bearer ${key}` },
    }).then((response) => response.json());
    expect(organizations.items.filter((o: { name: string }) => o.name === '艾克米股份有限公司')).toHaveLength(
      1,
    );

    // The newest link works: the admin chooses a password and sees the subscription.
    const token = /#token=(.+)$/.exec(newLink ?? '')?.[1];
    const accepted = await fetch(`${server.url}/api/auth/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, password: 'tea garden on a rainy hill' }),
    });
    expect(accepted.status).toBe(204);
    const cookie = (accepted.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const products = await fetch(`${server.url}/api/subscriptions`, { headers: { cookie } }).then((r) =>
      r.json(),
    );
    expect(products.items).toEqual([
      expect.objectContaining({
        productName: 'Contoso Copilot 智慧助理',
        licenses: 10,
        // NT$9,450 less the credit note's NT$300 and the transfer's NT$5,000.
        amountDueMinor: 415_000,
      }),
    ]);
  }, 180_000);
});
