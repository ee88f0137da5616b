import type { EInvoiceBuyer } from '../domain/einvoice.js';

/**
 * What Settle asks of a value-added center (加值中心) that issues Taiwan's e-invoices, as
 * src/gateway/payment-gateway.ts is for card processors. Adapters translate; they hold no business
 * rules (which correction, when, for how much: src/domain/einvoice.ts and src/einvoice/*).
 *
 * Under retries and timeouts every call promises this:
 * - A definite answer is `issued`/`done` or `refused`. A refusal changed nothing at the issuer.
 * - No answer (a timeout, a lost reply, a 5xx) throws `EInvoiceOutcomeUnknown`: it may or may not have
 *   happened. Before issuing again, the caller asks `find(relateNumber)`; an invoice is never issued
 *   twice because the seller's id (RelateNumber: Settle's own document id) is unique at the issuer,
 *   which refuses a second invoice under it.
 * - Voids are safe to repeat: voiding a voided invoice answers `done`.
 */
export interface EInvoiceIssuer {
  readonly name: 'sandbox' | 'ecpay';
  issue(request: IssueRequest): Promise<IssueAnswer>;
  /** Voids (作廢) an issued invoice; its allowances must have been voided first. */
  void(request: { number: string; issuedAt: Date; reason: string }): Promise<DoneAnswer>;
  /** An allowance (折讓) against an issued invoice, tax included; `requestId` is Settle's id for it. */
  allowance(request: AllowanceRequest): Promise<AllowanceAnswer>;
  voidAllowance(request: {
    invoiceNumber: string;
    allowanceNumber: string;
    reason: string;
  }): Promise<DoneAnswer>;
  /** The invoice issued under the seller's id, or null when the issuer has none. */
  find(relateNumber: string): Promise<IssuedEInvoice | null>;
  /** Whether a mobile barcode is registered with the Ministry of Finance's platform. */
  checkMobileBarcode(code: string): Promise<boolean>;
  /** Whether a donation code belongs to a registered charity. */
  checkDonationCode(loveCode: string): Promise<boolean>;
}

export interface IssueRequest {
  /** The seller's own id, unique at the issuer (≤ 30 characters): Settle's e-invoice id. */
  relateNumber: string;
  buyer: EInvoiceBuyer;
  /** Where the issuer sends the buyer's notice (member carrier and printed copies need one). */
  buyerEmail: string;
  /** The organization's name and billing address, for a printed copy. */
  buyerName: string;
  buyerAddress: string | null;
  /** Tax included, whole NT$. */
  amountMinor: bigint;
  taxMinor: bigint;
  /** What was sold, one line (the subscription's product and period). */
  itemName: string;
}

export interface IssuedEInvoice {
  relateNumber: string;
  /** Two letters (字軌) and eight digits: AB12345678. */
  number: string;
  issuedAt: Date;
  /** 隨機碼: four digits printed on the invoice, with which the buyer looks it up. */
  randomCode: string;
  voided: boolean;
  /** What allowances have not yet taken off it. */
  remainingMinor: bigint;
}

export type IssueAnswer =
  | { kind: 'issued'; invoice: IssuedEInvoice }
  | { kind: 'refused'; code: string; message: string };

export type DoneAnswer = { kind: 'done' } | { kind: 'refused'; code: string; message: string };

export interface AllowanceRequest {
  requestId: string;
  invoiceNumber: string;
  invoiceIssuedAt: Date;
  amountMinor: bigint;
  taxMinor: bigint;
  itemName: string;
  buyerEmail: string;
  /** What the invoice has left before this allowance: an issuer that lost its reply is checked against it. */
  remainingBeforeMinor: bigint;
}

export type AllowanceAnswer =
  | { kind: 'issued'; allowanceNumber: string; issuedAt: Date; remainingMinor: bigint }
  | { kind: 'refused'; code: string; message: string };

/** No answer from the issuer: what was asked may or may not have happened (ask with find). */
export class EInvoiceOutcomeUnknown extends Error {
  override name = 'EInvoiceOutcomeUnknown';
}
