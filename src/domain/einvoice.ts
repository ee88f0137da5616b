import { isCdcNumber, isDonateCode, isMobileBarcode } from 'taiwan-id-validator';
import { isValidTaiwanBusinessNumber } from './tax-id.js';

// 電子發票 (Taiwan's government e-invoice): who it goes to, its two-month period, its tax and which
// correction a credit calls for. Pure rules; the issuers (src/einvoice) carry them out.

/**
 * Where an e-invoice goes. business: the buyer's 統一編號 and name printed on it (B2B). The others are
 * B2C: a mobile barcode (手機條碼) or citizen digital certificate (自然人憑證) carrier, a donation code
 * (捐贈碼), the issuer's member carrier (會員載具, kept under the customer's id and email), or a
 * printed proof copy (證明聯) the seller sends.
 */
export type EInvoiceBuyer =
  | { kind: 'business'; taxId: string; name: string }
  | { kind: 'mobile_barcode'; code: string }
  | { kind: 'citizen_certificate'; code: string }
  | { kind: 'donation'; loveCode: string }
  | { kind: 'member' }
  | { kind: 'print' };

export type EInvoiceBuyerKind = EInvoiceBuyer['kind'];

/**
 * What an organization's admins choose: B2B under the organization's own 統一編號 and name (read when
 * each e-invoice is asked for, so a corrected tax ID applies from then on), or a B2C destination.
 */
export type EInvoiceBuyerChoice = Exclude<EInvoiceBuyer, { kind: 'business' }> | { kind: 'business' };

/** The error code for a choice that is not well formed (its field named in the message), or null. */
export function einvoiceBuyerChoiceProblem(
  choice: EInvoiceBuyerChoice,
  organization: { taxId: string | null },
):
  | 'tax_id_invalid'
  | 'einvoice_barcode_invalid'
  | 'einvoice_certificate_invalid'
  | 'einvoice_donation_code_invalid'
  | null {
  switch (choice.kind) {
    case 'business':
      return organization.taxId && isValidTaiwanBusinessNumber(organization.taxId) ? null : 'tax_id_invalid';
    case 'mobile_barcode':
      return isMobileBarcode(choice.code) ? null : 'einvoice_barcode_invalid';
    case 'citizen_certificate':
      return isCdcNumber(choice.code) ? null : 'einvoice_certificate_invalid';
    case 'donation':
      return isDonateCode(choice.loveCode) ? null : 'einvoice_donation_code_invalid';
    default:
      return null;
  }
}

/**
 * Where an organization's next e-invoice goes. Its admins' choice; with none (or B2B chosen while it
 * has no valid 統一編號 any more): B2B when it has a 統一編號, else the issuer's member carrier (nothing
 * to print or post; the admins find it by email).
 */
export function resolveEInvoiceBuyer(
  choice: EInvoiceBuyerChoice | null,
  organization: { name: string; taxId: string | null },
): EInvoiceBuyer {
  const business =
    organization.taxId && isValidTaiwanBusinessNumber(organization.taxId)
      ? ({ kind: 'business', taxId: organization.taxId, name: organization.name } as const)
      : null;
  if (!choice) return business ?? { kind: 'member' };
  if (choice.kind === 'business') return business ?? { kind: 'member' };
  return choice;
}

const taipeiOffsetMs = 8 * 3_600_000;

/** The calendar day in Taiwan (UTC+8, no daylight saving) at an instant: YYYY-MM-DD. */
export function taiwanDay(at: Date): string {
  return new Date(at.getTime() + taipeiOffsetMs).toISOString().slice(0, 10);
}

/**
 * The two-month filing period (期別) an instant falls in, by its first month in Taiwan: 2026-11 for
 * November and December 2026. Numbers (字軌) are allotted per period, and a credit within the
 * invoice's own period voids it, an earlier one's calls for an allowance.
 */
export function einvoicePeriodOf(at: Date): string {
  const [year, month] = taiwanDay(at).split('-').map(Number) as [number, number];
  const first = month % 2 === 1 ? month : month - 1;
  return `${year}-${String(first).padStart(2, '0')}`;
}

/** The period after one: 2026-11 → 2027-01. */
export function nextEInvoicePeriod(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 11 ? `${year + 1}-01` : `${year}-${String(month + 2).padStart(2, '0')}`;
}

/**
 * The business tax (營業稅, 5%) inside a tax-included total, in whole NT$ as e-invoices state it:
 * total − round(total ÷ 1.05), half up. Amounts are minor units (TWD's cents, always whole dollars).
 */
export function einvoiceTaxMinor(totalMinor: bigint): bigint {
  const dollars = totalMinor / 100n;
  const untaxed = (dollars * 200n + 105n) / 210n;
  return (dollars - untaxed) * 100n;
}

/** Whole NT$ as an issuer's API takes them, from minor units. */
export function wholeDollars(amountMinor: bigint): number {
  return Number(amountMinor / 100n);
}

/**
 * How a credit against an issued e-invoice is told to the tax office. Within the invoice's own
 * period, and while it has no allowance standing: void it and issue a new one for what is left. Later
 * (or once it has an allowance: an invoice with allowances is voided only after them): an allowance
 * (折讓) for the credit.
 */
export function einvoiceCorrection(options: {
  issuedAt: Date;
  now: Date;
  standingAllowances: number;
}): 'void_and_reissue' | 'allowance' {
  return einvoicePeriodOf(options.issuedAt) === einvoicePeriodOf(options.now) &&
    options.standingAllowances === 0
    ? 'void_and_reissue'
    : 'allowance';
}

/**
 * By when an issued e-invoice must have reached the tax office (rules since 2025-01-01): a B2C one
 * within 2 days of its issue, a B2B one within 7. Settle warns the seller when one is still unissued
 * past half that time.
 */
export function einvoiceUploadDays(buyer: EInvoiceBuyer): number {
  return buyer.kind === 'business' ? 7 : 2;
}

/** AB12345678 as it is printed and read: AB-12345678. */
export function formatEInvoiceNumber(number: string): string {
  return /^[A-Z]{2}\d{8}$/.test(number) ? `${number.slice(0, 2)}-${number.slice(2)}` : number;
}
