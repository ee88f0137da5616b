import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ecpayDecrypt, ecpayEncrypt } from '../../../src/einvoice/ecpay/ecpay-crypto.js';

// A local ECPay e-invoice API (B2C, revision 3.0.0), after ECPay's documentation (developers.ecpay.com.tw,
// the B2C e-invoice pages) and its PHP SDK's examples (ECPay/SDK_PHP example/Invoice/B2C/*.php): JSON
// {MerchantID, RqHeader: {Timestamp, Revision}, Data} with Data AES-128-CBC encrypted under the staging
// merchant's HashKey and HashIV; a stale timestamp (over 10 minutes) or a wrong merchant refused at the
// envelope (TransCode ≠ 1); each call's own refusals in the decrypted Data's RtnCode (≠ 1) and RtnMsg.
// RelateNumber is unique per merchant; with a 統編 the invoice is printed (Print 1) and not donated;
// carrier type 3 is a mobile barcode, 2 a citizen certificate, 1 ECPay's member carrier. RtnCode values
// other than 1 are this fake's own (ECPay's list is longer); the adapter passes any through as ecpay_<code>.

/** ECPay's public staging merchant, as its SDK examples publish it. */
export const ecpayStagingMerchant = {
  merchantId: '2000132',
  hashKey: 'ejCk326UnaZWKisg',
  hashIv: 'q9jcZX8Ib9LM8wYk',
};

export type EcpayFault =
  /** Acted on, then the answer held past the caller's timeout: a lost reply. */
  | { kind: 'reply_lost' }
  /** Never acted on; answered 503. */
  | { kind: 'server_error' }
  /** Called too fast: 403, nothing done. */
  | { kind: 'too_fast' };

interface Invoice {
  relateNumber: string;
  number: string;
  issuedAt: Date;
  randomCode: string;
  salesAmount: number;
  remaining: number;
  voided: boolean;
  data: Record<string, unknown>;
}

export class FakeEcpayEInvoice {
  readonly invoices = new Map<string, Invoice>();
  readonly allowances = new Map<string, { invoiceNo: string; amount: number; voided: boolean }>();
  /** Every request's path and decrypted Data, in order. */
  readonly requests: { path: string; data: Record<string, unknown> }[] = [];
  readonly unregisteredBarcodes = new Set(['/UNKNOWN']);
  readonly knownLoveCodes = new Set(['168001', '51919', '25885']);
  private faults: EcpayFault[] = [];
  private serial = 10_000_000;
  private server = createServer((request, response) => void this.handle(request, response));
  private held: ServerResponse[] = [];

  /** The next calls' faults, one each, in order. */
  failNext(...faults: EcpayFault[]): void {
    this.faults.push(...faults);
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const response of this.held) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const fault = this.faults.shift();
    if (fault?.kind === 'server_error') return void response.writeHead(503).end('busy');
    if (fault?.kind === 'too_fast') return void response.writeHead(403).end('Forbidden');
    const envelope = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      MerchantID?: string;
      RqHeader?: { Timestamp?: number; Revision?: string };
      Data?: string;
    };
    const refuseEnvelope = (message: string) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          PlatformID: '',
          MerchantID: envelope.MerchantID ?? '',
          RpHeader: { Timestamp: now() },
          TransCode: 0,
          TransMsg: message,
          Data: '',
        }),
      );
    if (envelope.MerchantID !== ecpayStagingMerchant.merchantId)
      return void refuseEnvelope('MerchantID Error');
    if (envelope.RqHeader?.Revision !== '3.0.0') return void refuseEnvelope('Revision Error');
    if (Math.abs(now() - Number(envelope.RqHeader.Timestamp)) > 600)
      return void refuseEnvelope('Timestamp Expired');
    let data: Record<string, unknown>;
    try {
      data = ecpayDecrypt(envelope.Data ?? '', ecpayStagingMerchant) as Record<string, unknown>;
    } catch {
      return void refuseEnvelope('Data Decrypt Error');
    }
    if (data.MerchantID !== ecpayStagingMerchant.merchantId) return void refuseEnvelope('MerchantID Error');
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    this.requests.push({ path, data });
    const answer = this.answer(path, data);
    const body = JSON.stringify({
      PlatformID: '',
      MerchantID: ecpayStagingMerchant.merchantId,
      RpHeader: { Timestamp: now() },
      TransCode: 1,
      TransMsg: 'Success',
      Data: ecpayEncrypt(answer, ecpayStagingMerchant),
    });
    if (fault?.kind === 'reply_lost') return void this.held.push(response);
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  }

  private answer(path: string, data: Record<string, unknown>): Record<string, unknown> {
    switch (path) {
      case '/B2CInvoice/Issue':
        return this.issue(data);
      case '/B2CInvoice/Invalid':
        return this.invalid(data);
      case '/B2CInvoice/Allowance':
        return this.allowance(data);
      case '/B2CInvoice/AllowanceInvalid':
        return this.allowanceInvalid(data);
      case '/B2CInvoice/GetIssue':
        return this.getIssue(data);
      case '/B2CInvoice/CheckBarcode':
        return {
          RtnCode: 1,
          RtnMsg: '執行成功',
          IsExist: this.unregisteredBarcodes.has(String(data.BarCode)) ? 'N' : 'Y',
        };
      case '/B2CInvoice/CheckLoveCode':
        return {
          RtnCode: 1,
          RtnMsg: '執行成功',
          IsExist: this.knownLoveCodes.has(String(data.LoveCode)) ? 'Y' : 'N',
        };
      default:
        return { RtnCode: 9000001, RtnMsg: 'No such API' };
    }
  }

  private issue(data: Record<string, unknown>): Record<string, unknown> {
    const refuse = (code: number, message: string) => ({ RtnCode: code, RtnMsg: message });
    const relate = String(data.RelateNumber ?? '');
    if (!relate || relate.length > 30) return refuse(1600001, 'RelateNumber 格式錯誤');
    if (this.invoices.has(relate)) return refuse(1600003, '特店自訂編號重複');
    const identifier = String(data.CustomerIdentifier ?? '');
    const print = String(data.Print);
    const donation = String(data.Donation);
    const carrierType = String(data.CarrierType ?? '');
    if (!data.CustomerEmail && !data.CustomerPhone)
      return refuse(1600010, 'CustomerEmail 或 CustomerPhone 擇一必填');
    if (identifier) {
      if (!/^\d{8}$/.test(identifier)) return refuse(1600011, 'CustomerIdentifier 格式錯誤');
      if (donation !== '0') return refuse(1600012, '有統一編號時不可捐贈');
      if (!carrierType && print !== '1') return refuse(1600013, '有統一編號且無載具時 Print 須為 1');
    }
    if (print === '1' && (!data.CustomerName || !data.CustomerAddr))
      return refuse(1600014, '列印時 CustomerName 與 CustomerAddr 必填');
    if (donation === '1') {
      if (print !== '0' || !/^\d{3,7}$/.test(String(data.LoveCode ?? '')))
        return refuse(1600015, 'LoveCode 格式錯誤');
    }
    if (carrierType === '3') {
      const barcode = String(data.CarrierNum ?? '');
      if (!/^\/[0-9A-Z.+-]{7}$/.test(barcode)) return refuse(1600016, 'CarrierNum 手機條碼格式錯誤');
      if (this.unregisteredBarcodes.has(barcode)) return refuse(1600017, '手機條碼不存在');
    }
    if (carrierType === '2' && !/^[A-Z]{2}\d{14}$/.test(String(data.CarrierNum ?? '')))
      return refuse(1600018, 'CarrierNum 自然人憑證格式錯誤');
    if ((carrierType === '1' || carrierType === '2' || carrierType === '3') && print !== '0')
      return refuse(1600019, '有載具時 Print 須為 0');
    const items = (data.Items ?? []) as { ItemAmount: number }[];
    const sales = Number(data.SalesAmount);
    if (
      !Number.isInteger(sales) ||
      sales <= 0 ||
      items.reduce((sum, item) => sum + Number(item.ItemAmount), 0) !== sales
    )
      return refuse(1600020, 'SalesAmount 與商品合計不符');
    const invoice: Invoice = {
      relateNumber: relate,
      number: `EV${this.serial++}`,
      issuedAt: new Date(Math.floor(Date.now() / 1000) * 1000),
      randomCode: String(randomInt(0, 10_000)).padStart(4, '0'),
      salesAmount: sales,
      remaining: sales,
      voided: false,
      data,
    };
    this.invoices.set(relate, invoice);
    return {
      RtnCode: 1,
      RtnMsg: '開立發票成功',
      InvoiceNo: invoice.number,
      InvoiceDate: taiwanTime(invoice.issuedAt),
      RandomNumber: invoice.randomCode,
    };
  }

  private byNumber(number: unknown): Invoice | undefined {
    return [...this.invoices.values()].find((invoice) => invoice.number === number);
  }

  private invalid(data: Record<string, unknown>): Record<string, unknown> {
    const invoice = this.byNumber(data.InvoiceNo);
    if (!invoice || taiwanTime(invoice.issuedAt).slice(0, 10) !== data.InvoiceDate)
      return { RtnCode: 1600030, RtnMsg: '查無發票資料' };
    if (invoice.voided) return { RtnCode: 1600031, RtnMsg: '發票已作廢' };
    if ([...this.allowances.values()].some((a) => a.invoiceNo === invoice.number && !a.voided))
      return { RtnCode: 1600032, RtnMsg: '發票已有折讓，請先作廢折讓' };
    invoice.voided = true;
    return { RtnCode: 1, RtnMsg: '作廢發票成功', InvoiceNo: invoice.number };
  }

  private allowance(data: Record<string, unknown>): Record<string, unknown> {
    const invoice = this.byNumber(data.InvoiceNo);
    if (!invoice || taiwanTime(invoice.issuedAt).slice(0, 10) !== data.InvoiceDate)
      return { RtnCode: 1600030, RtnMsg: '查無發票資料' };
    if (invoice.voided) return { RtnCode: 1600031, RtnMsg: '發票已作廢' };
    const amount = Number(data.AllowanceAmount);
    if (!(amount > 0) || amount > invoice.remaining)
      return { RtnCode: 1600040, RtnMsg: '折讓金額超過可折讓金額' };
    const number = `${taiwanTime(new Date()).replace(/\D/g, '')}${String(randomInt(0, 100)).padStart(2, '0')}`;
    invoice.remaining -= amount;
    this.allowances.set(number, { invoiceNo: invoice.number, amount, voided: false });
    return {
      RtnCode: 1,
      RtnMsg: '折讓成功',
      IA_Allow_No: number,
      IA_Invoice_No: invoice.number,
      IA_Date: taiwanTime(new Date()),
      IA_Remain_Allowance_Amt: invoice.remaining,
    };
  }

  private allowanceInvalid(data: Record<string, unknown>): Record<string, unknown> {
    const allowance = this.allowances.get(String(data.AllowanceNo));
    if (!allowance || allowance.invoiceNo !== data.InvoiceNo)
      return { RtnCode: 1600050, RtnMsg: '查無折讓資料' };
    if (allowance.voided) return { RtnCode: 1600051, RtnMsg: '折讓已作廢' };
    allowance.voided = true;
    const invoice = this.byNumber(allowance.invoiceNo);
    if (invoice) invoice.remaining += allowance.amount;
    return { RtnCode: 1, RtnMsg: '作廢折讓成功', IA_Allow_No: data.AllowanceNo };
  }

  private getIssue(data: Record<string, unknown>): Record<string, unknown> {
    const invoice = this.invoices.get(String(data.RelateNumber));
    if (!invoice) return { RtnCode: 1600060, RtnMsg: '查無發票資料' };
    return {
      RtnCode: 1,
      RtnMsg: '查詢成功',
      IIS_Number: invoice.number,
      IIS_Relate_Number: invoice.relateNumber,
      IIS_Create_Date: taiwanTime(invoice.issuedAt),
      IIS_Random_Number: invoice.randomCode,
      IIS_Invalid_Status: invoice.voided ? '1' : '0',
      IIS_Sales_Amount: invoice.salesAmount,
      IIS_Remain_Allowance_Amt: invoice.remaining,
    };
  }
}

const now = () => Math.floor(Date.now() / 1000);

/** ECPay's "yyyy-MM-dd HH:mm:ss", Taiwan time. */
function taiwanTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
