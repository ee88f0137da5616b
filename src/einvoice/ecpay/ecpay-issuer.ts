import { type EInvoiceBuyer, taiwanDay, wholeDollars } from '../../domain/einvoice.js';
import {
  type AllowanceAnswer,
  type AllowanceRequest,
  type DoneAnswer,
  type EInvoiceIssuer,
  EInvoiceOutcomeUnknown,
  type IssueAnswer,
  type IssuedEInvoice,
  type IssueRequest,
} from '../einvoice-issuer.js';
import { ecpayDecrypt, ecpayEncrypt } from './ecpay-crypto.js';

export interface EcpayKeys {
  merchantId: string;
  hashKey: string;
  hashIv: string;
  /** https://einvoice-stage.ecpay.com.tw (staging) or https://einvoice.ecpay.com.tw, or a local fake. */
  apiBase: string;
  timeoutMs: number;
}

type Reply = Record<string, unknown> & { RtnCode?: number; RtnMsg?: string };

/**
 * ECPay's (綠界) B2C e-invoice API, revision 3.0.0, for every buyer: a B2B buyer's 統一編號 and name go
 * in CustomerIdentifier and CustomerName on a printed invoice (ECPay's combination rules:
 * developers.ecpay.com.tw/?p=49892). Amounts are tax included (vat 1, TaxType 1: taxable).
 */
export class EcpayEInvoiceIssuer implements EInvoiceIssuer {
  readonly name = 'ecpay';
  constructor(private readonly keys: EcpayKeys) {}

  async issue(request: IssueRequest): Promise<IssueAnswer> {
    const amount = wholeDollars(request.amountMinor);
    const reply = await this.call('/B2CInvoice/Issue', {
      RelateNumber: request.relateNumber,
      ...buyerFields(request.buyer, request),
      CustomerEmail: request.buyerEmail,
      ClearanceMark: '',
      TaxType: '1',
      SalesAmount: amount,
      Items: oneItem(request.itemName, amount),
      InvType: '07',
      vat: '1',
    });
    if (reply.RtnCode !== 1) return refusal(reply);
    return {
      kind: 'issued',
      invoice: {
        relateNumber: request.relateNumber,
        number: String(reply.InvoiceNo),
        issuedAt: taiwanTime(String(reply.InvoiceDate)),
        randomCode: String(reply.RandomNumber),
        voided: false,
        remainingMinor: request.amountMinor,
      },
    };
  }

  async void(request: { number: string; issuedAt: Date; reason: string }): Promise<DoneAnswer> {
    const reply = await this.call('/B2CInvoice/Invalid', {
      InvoiceNo: request.number,
      InvoiceDate: taiwanDay(request.issuedAt),
      Reason: request.reason.slice(0, 20),
    });
    return reply.RtnCode === 1 ? { kind: 'done' } : refusal(reply);
  }

  async allowance(request: AllowanceRequest): Promise<AllowanceAnswer> {
    const amount = wholeDollars(request.amountMinor);
    const reply = await this.call('/B2CInvoice/Allowance', {
      InvoiceNo: request.invoiceNumber,
      InvoiceDate: taiwanDay(request.invoiceIssuedAt),
      AllowanceNotify: 'E',
      NotifyMail: request.buyerEmail,
      AllowanceAmount: amount,
      Items: oneItem(request.itemName, amount),
    });
    if (reply.RtnCode !== 1) return refusal(reply);
    return {
      kind: 'issued',
      allowanceNumber: String(reply.IA_Allow_No),
      issuedAt: taiwanTime(String(reply.IA_Date)),
      remainingMinor: BigInt(Number(reply.IA_Remain_Allowance_Amt)) * 100n,
    };
  }

  async voidAllowance(request: {
    invoiceNumber: string;
    allowanceNumber: string;
    reason: string;
  }): Promise<DoneAnswer> {
    const reply = await this.call('/B2CInvoice/AllowanceInvalid', {
      InvoiceNo: request.invoiceNumber,
      AllowanceNo: request.allowanceNumber,
      Reason: request.reason.slice(0, 20),
    });
    return reply.RtnCode === 1 ? { kind: 'done' } : refusal(reply);
  }

  async find(relateNumber: string): Promise<IssuedEInvoice | null> {
    const reply = await this.call('/B2CInvoice/GetIssue', { RelateNumber: relateNumber });
    // A refusal here (no such invoice) is "none": a second issue under the same RelateNumber would be
    // refused by ECPay anyway, so nothing can be issued twice on a wrong "none".
    if (reply.RtnCode !== 1 || !reply.IIS_Number) return null;
    return {
      relateNumber,
      number: String(reply.IIS_Number),
      issuedAt: taiwanTime(String(reply.IIS_Create_Date)),
      randomCode: String(reply.IIS_Random_Number),
      voided: String(reply.IIS_Invalid_Status) === '1',
      remainingMinor: BigInt(Number(reply.IIS_Remain_Allowance_Amt ?? reply.IIS_Sales_Amount)) * 100n,
    };
  }

  async checkMobileBarcode(code: string): Promise<boolean> {
    const reply = await this.call('/B2CInvoice/CheckBarcode', { BarCode: code });
    return reply.RtnCode === 1 && reply.IsExist === 'Y';
  }

  async checkDonationCode(loveCode: string): Promise<boolean> {
    const reply = await this.call('/B2CInvoice/CheckLoveCode', { LoveCode: loveCode });
    return reply.RtnCode === 1 && reply.IsExist === 'Y';
  }

  /**
   * One request: the envelope ECPay expects, its Data encrypted, the reply's Data decrypted. No
   * answer in time, or a 5xx, is an unknown outcome; a refused envelope (TransCode ≠ 1) is an error.
   */
  private async call(path: string, data: Record<string, unknown>): Promise<Reply> {
    const { merchantId, hashKey, hashIv } = this.keys;
    const body = {
      MerchantID: merchantId,
      RqHeader: { Timestamp: Math.floor(Date.now() / 1000), Revision: '3.0.0' },
      Data: ecpayEncrypt({ MerchantID: merchantId, ...data }, { hashKey, hashIv }),
    };
    let response: Response;
    try {
      response = await fetch(new URL(path, this.keys.apiBase), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.keys.timeoutMs),
      });
    } catch {
      throw new EInvoiceOutcomeUnknown(`ECPay did not answer ${path} in time`);
    }
    if (response.status >= 500)
      throw new EInvoiceOutcomeUnknown(`ECPay answered ${path} with ${response.status}`);
    // 403: called too fast; nothing was done (retried on the queue's schedule).
    if (!response.ok) throw new Error(`ECPay refused ${path} with HTTP ${response.status}`);
    const envelope = (await response.json().catch(() => {
      throw new EInvoiceOutcomeUnknown(`ECPay's answer to ${path} was not JSON`);
    })) as { TransCode?: number; TransMsg?: string; Data?: string };
    if (envelope.TransCode !== 1 || typeof envelope.Data !== 'string')
      throw new Error(`ECPay refused the request to ${path}: ${envelope.TransMsg ?? 'no reason'}`);
    return ecpayDecrypt(envelope.Data, { hashKey, hashIv }) as Reply;
  }
}

/** The buyer's fields by ECPay's combination rules: a 統編 is printed; a carrier or donation is not. */
function buyerFields(buyer: EInvoiceBuyer, request: IssueRequest): Record<string, string> {
  const none = { CustomerIdentifier: '', Donation: '0', LoveCode: '', CarrierType: '', CarrierNum: '' };
  const name = request.buyerName.slice(0, 60);
  const address = request.buyerAddress?.slice(0, 100) ?? '';
  switch (buyer.kind) {
    case 'business':
      return {
        ...none,
        CustomerIdentifier: buyer.taxId,
        CustomerName: buyer.name,
        CustomerAddr: address,
        Print: '1',
      };
    case 'mobile_barcode':
      return { ...none, CustomerName: name, Print: '0', CarrierType: '3', CarrierNum: buyer.code };
    case 'citizen_certificate':
      return { ...none, CustomerName: name, Print: '0', CarrierType: '2', CarrierNum: buyer.code };
    case 'donation':
      return { ...none, CustomerName: name, Print: '0', Donation: '1', LoveCode: buyer.loveCode };
    case 'member':
      return { ...none, CustomerName: name, Print: '0', CarrierType: '1' };
    case 'print':
      return { ...none, CustomerName: name, CustomerAddr: address, Print: '1' };
  }
}

function refusal(reply: Reply): { kind: 'refused'; code: string; message: string } {
  return {
    kind: 'refused',
    code: `ecpay_${reply.RtnCode ?? 'unknown'}`,
    message: String(reply.RtnMsg ?? ''),
  };
}

/** A subscription's invoice (or its allowance) is one line: one 式 (lot) of the item, taxable. */
function oneItem(itemName: string, amount: number) {
  return [
    {
      ItemSeq: 1,
      ItemName: itemName.slice(0, 100),
      ItemCount: 1,
      ItemWord: '式',
      ItemPrice: amount,
      ItemTaxType: '1',
      ItemAmount: amount,
    },
  ];
}

/** ECPay's "2026-12-05 14:58:27" is Taiwan time. */
function taiwanTime(text: string): Date {
  return new Date(`${text.replace(' ', 'T').replace(/\//g, '-')}+08:00`);
}
