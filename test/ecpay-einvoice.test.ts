import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecpayDecrypt, ecpayEncrypt } from '../src/einvoice/ecpay/ecpay-crypto.js';
import { EcpayEInvoiceIssuer } from '../src/einvoice/ecpay/ecpay-issuer.js';
import { EInvoiceOutcomeUnknown, type IssueRequest } from '../src/einvoice/einvoice-issuer.js';
import { workEInvoices } from '../src/einvoice/work-einvoices.js';
import { premium, setupTestApp, subscriptionByProduct, tokenize } from './harness.js';
import { ecpayStagingMerchant, FakeEcpayEInvoice } from './support/fakes/fake-ecpay-einvoice.js';

// The ECPay adapter against a local ECPay built from its documentation (test/support/fakes).

const fake = new FakeEcpayEInvoice();
let issuer: EcpayEInvoiceIssuer;
beforeAll(async () => {
  issuer = new EcpayEInvoiceIssuer({ ...ecpayStagingMerchant, apiBase: await fake.start(), timeoutMs: 500 });
});
afterAll(() => fake.stop());

let serial = 0;
const request = (buyer: IssueRequest['buyer']): IssueRequest => ({
  relateNumber: `SETTLETEST${Date.now()}${serial++}`,
  buyer,
  buyerEmail: 'kevin@contoso.tw',
  buyerName: '康拓科技股份有限公司',
  buyerAddress: '110 台北市信義區信義路五段 7 號 35 樓',
  amountMinor: 1_650_000n,
  taxMinor: 78_600n,
  itemName: 'Contoso Workplace Business Premium 2026-12-01～2026-12-31',
});

describe('ECPay’s encryption, against its documented examples', () => {
  it('encrypts the documentation’s example to the documented text, and back', () => {
    // developers.ecpay.com.tw/?p=32235: HashKey 7b53896b742849d3, HashIV 37a0ad3c6ffa428b.
    const documented = { hashKey: '7b53896b742849d3', hashIv: '37a0ad3c6ffa428b' };
    const data = { Name: 'Test', ID: 'A123456789' };
    const text = 'oxmUqzelA4koGRQ+myZggW5qNqlVdytGJadngOuWA7jd1Fakpay72J/w5IXLIINqCYcmx7gLsaednuH54LjffA==';
    expect(ecpayEncrypt(data, documented)).toBe(text);
    expect(ecpayDecrypt(text, documented)).toEqual(data);
    // The same example under the e-invoice staging merchant's keys (published with ECPay's SDK).
    expect(ecpayEncrypt(data, ecpayStagingMerchant)).toBe(
      'uvI4yrErM37XNQkXGAgRgJAgHn2t72jahaMZzYhWL1HmvH4WV18VJDP2i9pTbC+tby5nxVExLLFyAkbjbS2Dvg==',
    );
    // Chinese and PHP's urlencode specials survive the round trip.
    const chinese = { ItemName: '康拓 (年費) ~ 100%+*', Reason: "it's" };
    expect(ecpayDecrypt(ecpayEncrypt(chinese, ecpayStagingMerchant), ecpayStagingMerchant)).toEqual(chinese);
  });
});

describe('the ECPay e-invoice adapter', () => {
  it('issues a B2B invoice: the 統編 and name printed, tax included, whole NT$', async () => {
    const answer = await issuer.issue(
      request({ kind: 'business', taxId: '12345675', name: '康拓科技股份有限公司' }),
    );
    expect(answer).toMatchObject({
      kind: 'issued',
      invoice: { number: expect.stringMatching(/^EV\d{8}$/), randomCode: expect.stringMatching(/^\d{4}$/) },
    });
    expect(fake.requests.at(-1)?.data).toMatchObject({
      CustomerIdentifier: '12345675',
      CustomerName: '康拓科技股份有限公司',
      Print: '1',
      Donation: '0',
      CarrierType: '',
      TaxType: '1',
      SalesAmount: 16_500,
      InvType: '07',
    });
  });

  it('issues B2C invoices to each carrier, a donation code and print', async () => {
    const cases: [IssueRequest['buyer'], Record<string, string>][] = [
      [
        { kind: 'mobile_barcode', code: '/ABC+123' },
        { CarrierType: '3', CarrierNum: '/ABC+123', Print: '0' },
      ],
      [
        { kind: 'citizen_certificate', code: 'AB12345678901234' },
        { CarrierType: '2', Print: '0' },
      ],
      [
        { kind: 'donation', loveCode: '168001' },
        { Donation: '1', LoveCode: '168001', Print: '0' },
      ],
      [{ kind: 'member' }, { CarrierType: '1', Print: '0' }],
      [{ kind: 'print' }, { Print: '1', CarrierType: '' }],
    ];
    for (const [buyer, fields] of cases) {
      expect((await issuer.issue(request(buyer))).kind).toBe('issued');
      expect(fake.requests.at(-1)?.data).toMatchObject({ CustomerIdentifier: '', ...fields });
    }
    expect(await issuer.checkMobileBarcode('/ABC+123')).toBe(true);
    expect(await issuer.checkMobileBarcode('/UNKNOWN')).toBe(false);
    expect(await issuer.checkDonationCode('168001')).toBe(true);
    expect(await issuer.checkDonationCode('9999')).toBe(false);
  });

  it('passes each refusal through with ECPay’s code and words, and refuses a seller’s id used twice', async () => {
    const first = request({ kind: 'member' });
    expect((await issuer.issue(first)).kind).toBe('issued');
    expect(await issuer.issue(first)).toEqual({
      kind: 'refused',
      code: 'ecpay_1600003',
      message: '特店自訂編號重複',
    });
    expect(await issuer.issue(request({ kind: 'mobile_barcode', code: '/UNKNOWN' }))).toMatchObject({
      kind: 'refused',
      code: 'ecpay_1600017',
    });
    expect(await issuer.void({ number: 'ZZ00000000', issuedAt: new Date(), reason: 'test' })).toMatchObject({
      kind: 'refused',
      code: 'ecpay_1600030',
    });
    const issued = await issuer.issue(request({ kind: 'member' }));
    if (issued.kind !== 'issued') throw new Error('not issued');
    const allowance = {
      requestId: 'a1',
      invoiceNumber: issued.invoice.number,
      invoiceIssuedAt: issued.invoice.issuedAt,
      taxMinor: 0n,
      itemName: 'credit',
      buyerEmail: 'kevin@contoso.tw',
      remainingBeforeMinor: 1_650_000n,
    };
    expect(await issuer.allowance({ ...allowance, amountMinor: 2_000_000n })).toMatchObject({
      code: 'ecpay_1600040',
    });
    const allowed = await issuer.allowance({ ...allowance, amountMinor: 500_000n });
    expect(allowed).toMatchObject({ kind: 'issued', remainingMinor: 1_150_000n });
    // An invoice with an allowance is voided only after it.
    expect(
      await issuer.void({ number: issued.invoice.number, issuedAt: issued.invoice.issuedAt, reason: 'x' }),
    ).toMatchObject({
      code: 'ecpay_1600032',
    });
    if (allowed.kind !== 'issued') throw new Error('no allowance');
    expect(
      await issuer.voidAllowance({
        invoiceNumber: issued.invoice.number,
        allowanceNumber: allowed.allowanceNumber,
        reason: 'x',
      }),
    ).toEqual({ kind: 'done' });
    expect(
      await issuer.void({ number: issued.invoice.number, issuedAt: issued.invoice.issuedAt, reason: 'x' }),
    ).toEqual({
      kind: 'done',
    });
    expect((await issuer.find(issued.invoice.relateNumber))?.voided).toBe(true);
  });

  it('refuses a request whose timestamp is older than 10 minutes at the envelope', async () => {
    const stale = await fetch(
      `${(issuer as unknown as { keys: { apiBase: string } }).keys.apiBase}/B2CInvoice/CheckBarcode`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          MerchantID: ecpayStagingMerchant.merchantId,
          RqHeader: { Timestamp: Math.floor(Date.now() / 1000) - 700, Revision: '3.0.0' },
          Data: ecpayEncrypt(
            { MerchantID: ecpayStagingMerchant.merchantId, BarCode: '/ABC1234' },
            ecpayStagingMerchant,
          ),
        }),
      },
    );
    expect(await stale.json()).toMatchObject({ TransCode: 0, TransMsg: 'Timestamp Expired' });
  });

  it('reports a lost reply or a 5xx as an unknown outcome, and a 403 as a plain error', async () => {
    fake.failNext({ kind: 'reply_lost' });
    const lost = request({ kind: 'member' });
    await expect(issuer.issue(lost)).rejects.toBeInstanceOf(EInvoiceOutcomeUnknown);
    expect((await issuer.find(lost.relateNumber))?.number).toMatch(/^EV/);
    fake.failNext({ kind: 'server_error' });
    await expect(issuer.issue(request({ kind: 'member' }))).rejects.toBeInstanceOf(EInvoiceOutcomeUnknown);
    fake.failNext({ kind: 'too_fast' });
    await expect(issuer.issue(request({ kind: 'member' }))).rejects.toThrow(/HTTP 403/);
  });
});

describe('Settle’s e-invoices through ECPay', () => {
  const t = setupTestApp();

  it('issues each paid invoice once when the first reply is lost: it asks GetIssue before issuing again', async () => {
    const kevin = await t.signIn('kevin@contoso.tw');
    const subscription = await subscriptionByProduct(kevin, premium);
    const card = await tokenize(t.app, '4242 4242 4242 4242');
    await kevin.send('POST', `/api/subscriptions/${subscription.id}/settle`, {
      expectedAmountMinor: subscription.amountDueMinor,
      card: { kind: 'new', token: card.body.token },
    });
    const before = fake.invoices.size;
    fake.failNext({ kind: 'reply_lost' }, { kind: 'reply_lost' });
    const first = await workEInvoices({ db: t.db, issuer, holder: 'test' });
    expect(first.errors).toBe(2);
    // The first attempt issues without asking: nothing was sent before.
    expect(fake.requests.slice(-2).map((r) => r.path)).toEqual(['/B2CInvoice/Issue', '/B2CInvoice/Issue']);
    expect(fake.invoices.size).toBe(before + 2);
    await t.db
      .updateTable('queue_tasks')
      .set({ run_at: new Date() })
      .where('topic', '=', 'einvoice.issue')
      .execute();
    const second = await workEInvoices({ db: t.db, issuer, holder: 'test' });
    expect(second.issued).toBe(2);
    expect(fake.invoices.size).toBe(before + 2);
    const rows = await t.db.selectFrom('einvoices').select(['status', 'number', 'relate_number']).execute();
    expect(rows.map((row) => row.status)).toEqual(['issued', 'issued']);
    for (const row of rows) expect(fake.invoices.get(row.relate_number)?.number).toBe(row.number);
  });
});
