import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/connect.js';
import { einvoicePeriodOf } from '../../domain/einvoice.js';
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

/**
 * Test buyers the sandbox treats as a value-added center would treat real trouble: a mobile barcode
 * the Ministry's platform does not know, an issuer that never answers, and one that issues and loses
 * its reply. Listed in the README.
 */
export const sandboxEInvoiceBuyers = {
  unregisteredBarcode: '/UNKNOWN',
  timesOut: '/TIMEOUT',
  losesReply: '/LOSTRPL',
  unregisteredDonationCode: '9999',
} as const;

/**
 * The built-in issuer: numbers from the seller's own ranges (字軌) for the invoice's period, a random
 * code, unique seller ids, voids and allowances kept in its own tables, as a value-added center keeps
 * them. Its answers are those of ECPay's API, so what works here works there.
 */
export class SandboxEInvoiceIssuer implements EInvoiceIssuer {
  readonly name = 'sandbox';
  constructor(private readonly db: Db) {}

  async issue(request: IssueRequest): Promise<IssueAnswer> {
    const carrier = 'code' in request.buyer ? request.buyer.code : null;
    if (carrier === sandboxEInvoiceBuyers.timesOut)
      throw new EInvoiceOutcomeUnknown('the sandbox issuer timed out');
    if (carrier === sandboxEInvoiceBuyers.unregisteredBarcode)
      return {
        kind: 'refused',
        code: 'carrier_not_registered',
        message: 'The mobile barcode is not registered',
      };
    if (
      request.buyer.kind === 'donation' &&
      request.buyer.loveCode === sandboxEInvoiceBuyers.unregisteredDonationCode
    )
      return { kind: 'refused', code: 'donation_code_unknown', message: 'No charity has this donation code' };
    const now = new Date();
    const answer = await this.db.transaction().execute(async (tx): Promise<IssueAnswer> => {
      const taken = await tx
        .selectFrom('sandbox_einvoices')
        .select('relate_number')
        .where('relate_number', '=', request.relateNumber)
        .executeTakeFirst();
      if (taken)
        return {
          kind: 'refused',
          code: 'duplicate_relate_number',
          message: 'This RelateNumber was already used',
        };
      const range = await tx
        .updateTable('einvoice_tracks')
        .set({ next_number: sql`next_number + 1` })
        .where(
          'id',
          '=',
          tx
            .selectFrom('einvoice_tracks')
            .select('id')
            .where('period', '=', einvoicePeriodOf(now))
            .whereRef('next_number', '<=', 'last_number')
            .orderBy('track')
            .orderBy('first_number')
            .limit(1)
            .forUpdate()
            .skipLocked(),
        )
        .returning(['track', 'next_number'])
        .executeTakeFirst();
      if (!range)
        return {
          kind: 'refused',
          code: 'no_numbers',
          message: 'No number range (字軌) is left for this period',
        };
      const invoice: IssuedEInvoice = {
        relateNumber: request.relateNumber,
        number: `${range.track}${String(range.next_number - 1).padStart(8, '0')}`,
        issuedAt: now,
        randomCode: String(randomInt(0, 10_000)).padStart(4, '0'),
        voided: false,
        remainingMinor: request.amountMinor,
      };
      await tx
        .insertInto('sandbox_einvoices')
        .values({
          relate_number: invoice.relateNumber,
          number: invoice.number,
          random_code: invoice.randomCode,
          issued_at: now,
          amount_minor: request.amountMinor,
          remaining_minor: request.amountMinor,
          buyer: JSON.stringify(request.buyer),
        })
        .execute();
      return { kind: 'issued', invoice };
    });
    if (answer.kind === 'issued' && carrier === sandboxEInvoiceBuyers.losesReply)
      throw new EInvoiceOutcomeUnknown('the sandbox issuer’s reply was lost');
    return answer;
  }

  async void(request: { number: string }): Promise<DoneAnswer> {
    const invoice = await this.db
      .selectFrom('sandbox_einvoices')
      .select(['number', 'voided_at'])
      .where('number', '=', request.number)
      .executeTakeFirst();
    if (!invoice) return { kind: 'refused', code: 'not_found', message: 'No such invoice' };
    if (invoice.voided_at) return { kind: 'done' };
    const standing = await this.db
      .selectFrom('sandbox_einvoice_allowances')
      .select('number')
      .where('invoice_number', '=', request.number)
      .where('voided_at', 'is', null)
      .executeTakeFirst();
    if (standing)
      return { kind: 'refused', code: 'has_allowances', message: 'Void its allowances before the invoice' };
    await this.db
      .updateTable('sandbox_einvoices')
      .set({ voided_at: new Date() })
      .where('number', '=', request.number)
      .execute();
    return { kind: 'done' };
  }

  async allowance(request: AllowanceRequest): Promise<AllowanceAnswer> {
    return this.db.transaction().execute(async (tx): Promise<AllowanceAnswer> => {
      // The same request again (its reply was lost): the allowance it made, not a second one.
      const again = await tx
        .selectFrom('sandbox_einvoice_allowances')
        .select(['number', 'issued_at'])
        .where('request_id', '=', request.requestId)
        .executeTakeFirst();
      const invoice = await tx
        .selectFrom('sandbox_einvoices')
        .selectAll()
        .where('number', '=', request.invoiceNumber)
        .forUpdate()
        .executeTakeFirst();
      if (!invoice) return { kind: 'refused', code: 'not_found', message: 'No such invoice' };
      if (again)
        return {
          kind: 'issued',
          allowanceNumber: again.number,
          issuedAt: new Date(again.issued_at),
          remainingMinor: invoice.remaining_minor,
        };
      if (invoice.voided_at)
        return { kind: 'refused', code: 'invoice_voided', message: 'The invoice is void' };
      if (request.amountMinor > invoice.remaining_minor)
        return { kind: 'refused', code: 'exceeds_remaining', message: 'More than the invoice has left' };
      const issuedAt = new Date();
      const number = `${issuedAt.toISOString().replace(/\D/g, '').slice(0, 14)}${String(randomInt(0, 100)).padStart(2, '0')}`;
      await tx
        .insertInto('sandbox_einvoice_allowances')
        .values({
          number,
          request_id: request.requestId,
          invoice_number: request.invoiceNumber,
          amount_minor: request.amountMinor,
          issued_at: issuedAt,
        })
        .execute();
      const remainingMinor = invoice.remaining_minor - request.amountMinor;
      await tx
        .updateTable('sandbox_einvoices')
        .set({ remaining_minor: remainingMinor })
        .where('number', '=', request.invoiceNumber)
        .execute();
      return { kind: 'issued', allowanceNumber: number, issuedAt, remainingMinor };
    });
  }

  async voidAllowance(request: { invoiceNumber: string; allowanceNumber: string }): Promise<DoneAnswer> {
    return this.db.transaction().execute(async (tx): Promise<DoneAnswer> => {
      const allowance = await tx
        .selectFrom('sandbox_einvoice_allowances')
        .selectAll()
        .where('number', '=', request.allowanceNumber)
        .where('invoice_number', '=', request.invoiceNumber)
        .forUpdate()
        .executeTakeFirst();
      if (!allowance) return { kind: 'refused', code: 'not_found', message: 'No such allowance' };
      if (allowance.voided_at) return { kind: 'done' };
      await tx
        .updateTable('sandbox_einvoice_allowances')
        .set({ voided_at: new Date() })
        .where('number', '=', allowance.number)
        .execute();
      await tx
        .updateTable('sandbox_einvoices')
        .set({ remaining_minor: sql`remaining_minor + ${allowance.amount_minor}` })
        .where('number', '=', request.invoiceNumber)
        .execute();
      return { kind: 'done' };
    });
  }

  async find(relateNumber: string): Promise<IssuedEInvoice | null> {
    const row = await this.db
      .selectFrom('sandbox_einvoices')
      .selectAll()
      .where('relate_number', '=', relateNumber)
      .executeTakeFirst();
    return row
      ? {
          relateNumber: row.relate_number,
          number: row.number,
          issuedAt: new Date(row.issued_at),
          randomCode: row.random_code,
          voided: row.voided_at !== null,
          remainingMinor: row.remaining_minor,
        }
      : null;
  }

  async checkMobileBarcode(code: string): Promise<boolean> {
    return code !== sandboxEInvoiceBuyers.unregisteredBarcode;
  }

  async checkDonationCode(loveCode: string): Promise<boolean> {
    return loveCode !== sandboxEInvoiceBuyers.unregisteredDonationCode;
  }
}
