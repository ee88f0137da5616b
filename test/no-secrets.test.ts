import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, seedDemo } from '../src/demo/seed-demo.js';
import { SandboxGateway } from '../src/gateway/sandbox/sandbox-gateway.js';
import { buildApp } from '../src/http/app.js';
import { createTestDb } from './harness.js';

// A card number, CVC and name that appear nowhere else, so any trace of them is a leak.
const cardNumber = '4242424242424242';
const cvc = '8531';
// Four digits can turn up by chance inside a UUID or a timestamp; a leaked CVC would be a value of its
// own (in quotes) or a field named cvc, which random data never is.
const cvcTraces = [`"${cvc}"`, '"cvc"'];
let logs = '';
let database: Awaited<ReturnType<typeof createTestDb>>;
let app: Awaited<ReturnType<typeof buildApp>>;
const bodies: string[] = [];
let sessionToken = '';
const refusals: { statusCode: number; body: string }[] = [];
let opaqueKeyAnswer: { statusCode: number; body: string } | undefined;

beforeAll(async () => {
  database = await createTestDb();
  const gateway = new SandboxGateway(database.db);
  await seedDemo({ db: database.db, sandbox: gateway });
  const logStream = new PassThrough();
  logStream.on('data', (chunk) => {
    logs += chunk;
  });
  app = await buildApp({ db: database.db, gateway, sandbox: gateway, logStream });
  const send = async (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await app.inject({
      method,
      url,
      headers: { cookie: `settle_session=${sessionToken}`, ...headers },
      ...(payload ? { payload } : {}),
    });
    bodies.push(response.body);
    return response;
  };
  const signIn = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email: 'kevin@contoso.tw', password: demoPassword },
  });
  sessionToken = /settle_session=([^;]+)/.exec(String(signIn.headers['set-cookie']))?.[1] ?? '';
  await send('POST', '/api/auth/sign-in', { email: 'kevin@contoso.tw', password: 'wrong-password' });
  // A card number where a token belongs, a bad card, then a good one used to settle.
  const list = JSON.parse((await send('GET', '/api/subscriptions')).body);
  const premium = list.items[0];
  await send(
    'POST',
    `/api/subscriptions/${premium.id}/settle`,
    { expectedAmountMinor: premium.amountDueMinor, card: { kind: 'new', token: cardNumber } },
    { 'idempotency-key': 'leak-1-key' },
  );
  // An Idempotency-Key is the client's opaque text: one holding a card-like run of digits is taken
  // (only its hash is kept; the table scan below would find it otherwise).
  opaqueKeyAnswer = await send(
    'POST',
    `/api/subscriptions/${premium.id}/settle`,
    { expectedAmountMinor: premium.amountDueMinor, card: { kind: 'new', token: 'tok_x' } },
    { 'idempotency-key': `key ${cardNumber.replace(/(\d{4})/g, '$1 ')}` },
  );
  // A card number where no card number belongs: a query string, a name.
  refusals.push(
    await send('GET', `/api/invoices?from=${cardNumber}`),
    await send('GET', `/api/subscriptions?after=${cardNumber.replace(/(\d{4})(?=\d)/g, '$1-')}`),
    await send('POST', '/gateway/v1/tokens', {
      number: '4000000000000002',
      expMonth: 1,
      expYear: 2031,
      cvc: '123',
      name: `PAY ${cardNumber}`,
    }),
  );
  await send('POST', '/gateway/v1/tokens', {
    number: '4242424242424241',
    expMonth: 1,
    expYear: 2031,
    cvc,
    name: 'LEAK TEST',
  });
  const token = JSON.parse(
    (
      await send('POST', '/gateway/v1/tokens', {
        number: cardNumber,
        expMonth: 1,
        expYear: 2031,
        cvc,
        name: 'LEAK TEST',
      })
    ).body,
  ).token;
  await send(
    'POST',
    `/api/subscriptions/${premium.id}/settle`,
    { expectedAmountMinor: premium.amountDueMinor, card: { kind: 'new', token } },
    { 'idempotency-key': 'leak-2-key' },
  );
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('secrets stay out', () => {
  it('a card number in a query string or a name is refused, not kept', () => {
    expect(refusals.map((r) => r.statusCode)).toEqual([400, 400, 400]);
    for (const refusal of refusals) expect(JSON.parse(refusal.body).code).toBe('validation_failed');
  });

  it('an Idempotency-Key is opaque: a card-like run of digits in it is not refused as a card number', () => {
    // Refused for its token (not one of this organization's cards), not for its key.
    expect(opaqueKeyAnswer?.statusCode).toBe(400);
    expect(JSON.parse(opaqueKeyAnswer?.body ?? '{}').fields).toEqual([
      expect.objectContaining({ field: 'card.token' }),
    ]);
  });

  it('of every table', async () => {
    const tables = await sql<{
      table_name: string;
    }>`select table_name from information_schema.tables where table_schema = 'public'`.execute(database.db);
    let everything = '';
    for (const { table_name } of tables.rows) {
      const rows = await sql.raw(`select * from ${table_name}`).execute(database.db);
      everything += JSON.stringify(rows.rows, (_key, value) =>
        typeof value === 'bigint' ? String(value) : value,
      );
    }
    expect(everything).toContain('LEAK TEST'); // the test did reach the database
    expect(everything).not.toContain(cardNumber);
    for (const trace of cvcTraces) expect(everything).not.toContain(trace);
    expect(everything).not.toContain(demoPassword);
    expect(everything).not.toContain('wrong-password');
    expect(everything).not.toContain(sessionToken);
  });

  it('of the logs', () => {
    expect(logs).toContain('/api/subscriptions'); // requests were logged
    for (const secret of [cardNumber, ...cvcTraces, demoPassword, 'wrong-password', sessionToken])
      expect(logs).not.toContain(secret);
  });

  it('of every response body', () => {
    const all = bodies.join('\n');
    expect(all).toContain('validation_failed');
    for (const secret of [cardNumber, '4242424242424241', ...cvcTraces, 'wrong-password'])
      expect(all).not.toContain(secret);
  });
});
