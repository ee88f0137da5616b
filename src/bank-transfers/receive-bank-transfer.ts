import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.js';
import type { BankTransferObject } from '../contract/objects.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { invoiceOwedMinor, offlinePaymentPostings, overpaymentPostings } from '../domain/ledger.js';
import { type CurrencyCode, isWholeBillingStep, minMinor } from '../domain/money.js';
import { isTransferAccountNumber } from '../domain/transfer-account.js';
import { recordEvents } from '../events/record-events.js';
import { bindResourceToKey, type IdempotencyClaim, resourceOfKey } from '../idempotency/idempotency-claim.js';
import { lockPayableInvoices } from '../invoices/lock-payable-invoices.js';
import { postLedgerJournal } from '../ledger/post-ledger.js';
import { payInvoiceOutsideCard } from '../payments/pay-invoice-outside-card.js';
import { readBankTransferObjects } from '../resources/bank-transfer-objects.js';

export interface BankTransferNotice {
  /** The organization's own account the money was sent to. */
  accountNumber: string;
  /** The bank's reference for the transfer: a notice sent twice is one transfer. */
  bankReference: string;
  amountMinor: bigint;
  currency: CurrencyCode;
  receivedOn: string;
  memo?: string | undefined;
}

/**
 * The bank's notice of money transferred to an organization's account (the sandbox bank's is a provider
 * API call). Recorded once per bank reference; in the same transaction it pays the organization's open
 * invoices, an invoice its memo names first, then oldest first, each with a payment of its own (all an
 * invoice owes, or part with the rest still owed); what is left goes to its credit balance. The same
 * notice again answers the same transfer and moves nothing.
 */
export async function receiveBankTransfer(options: {
  db: Db;
  notice: BankTransferNotice;
  by: { apiKeyName: string };
  idempotency?: IdempotencyClaim | null;
  now?: Date;
}): Promise<{ transfer: BankTransferObject; created: boolean }> {
  const { db, notice } = options;
  const now = options.now ?? new Date();
  if (!isTransferAccountNumber(notice.accountNumber))
    throw new AppError('validation_failed', { field: 'accountNumber', reason: 'not_a_transfer_account' });
  if (notice.receivedOn > now.toISOString().slice(0, 10))
    throw new AppError('validation_failed', { field: 'receivedOn', reason: 'in_the_future' });
  if (!isWholeBillingStep(notice.amountMinor, notice.currency))
    throw new AppError('validation_failed', { field: 'amountMinor', reason: 'not_a_whole_billing_step' });
  const { id, created } = await db.transaction().execute(async (tx) => {
    const made = await resourceOfKey(tx, options.idempotency, 'bank_transfer');
    if (made) return { id: made, created: false };
    const organization = await tx
      .selectFrom('organizations')
      .select(['id', 'currency'])
      .where('transfer_account', '=', notice.accountNumber)
      .forUpdate()
      .executeTakeFirst();
    if (!organization) throw new AppError('transfer_account_not_found');
    const earlier = await tx
      .selectFrom('bank_transfers')
      .select(['id', 'account_number', 'amount_minor', 'currency'])
      .where('bank_reference', '=', notice.bankReference)
      .executeTakeFirst();
    if (earlier) {
      const same =
        earlier.account_number === notice.accountNumber &&
        earlier.amount_minor === notice.amountMinor &&
        earlier.currency === notice.currency;
      if (!same) throw new AppError('bank_reference_reused');
      await bindResourceToKey(tx, options.idempotency, { type: 'bank_transfer', id: earlier.id });
      return { id: earlier.id, created: false };
    }
    if (notice.currency !== organization.currency)
      throw new AppError('currency_mismatch', { currency: organization.currency });
    const id = randomUUID();
    const inserted = await tx
      .insertInto('bank_transfers')
      .values({
        id,
        organization_id: organization.id,
        account_number: notice.accountNumber,
        bank_reference: notice.bankReference,
        amount_minor: notice.amountMinor,
        currency: notice.currency,
        received_on: notice.receivedOn,
        memo: notice.memo ?? null,
        applied_minor: 0n,
        credited_minor: notice.amountMinor,
        created_at: now,
      })
      // Another account's notice under this reference, committed meanwhile: the bank's mistake, not ours.
      .onConflict((oc) => oc.column('bank_reference').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new AppError('bank_reference_reused');
    const appliedMinor = await payOpenInvoices(tx, {
      transferId: id,
      organizationId: organization.id,
      notice,
      now,
    });
    const creditedMinor = notice.amountMinor - appliedMinor;
    if (creditedMinor > 0n)
      await postLedgerJournal({
        tx,
        organizationId: organization.id,
        subscriptionId: null,
        currency: notice.currency,
        invoiceId: null,
        paymentId: null,
        postings: overpaymentPostings(creditedMinor),
      });
    await tx
      .updateTable('bank_transfers')
      .set({ applied_minor: appliedMinor, credited_minor: creditedMinor })
      .where('id', '=', id)
      .execute();
    await recordAudit({
      tx,
      organizationId: organization.id,
      actorUserId: null,
      action: 'bank_transfer.received',
      targetType: 'organization',
      targetId: organization.id,
      details: {
        bankTransferId: id,
        bankReference: notice.bankReference,
        amountMinor: notice.amountMinor,
        appliedMinor,
        creditedMinor,
        currency: notice.currency,
        by: 'provider',
        apiKey: options.by.apiKeyName,
      },
    });
    const object = (await readBankTransferObjects(tx, [id])).get(id);
    if (!object) throw new Error(`bank transfer ${id} vanished`);
    await recordEvents(tx, [
      { type: 'bank_transfer.received', organizationId: organization.id, data: { object } },
    ]);
    await bindResourceToKey(tx, options.idempotency, { type: 'bank_transfer', id });
    return { id, created: true };
  });
  const transfer = (await readBankTransferObjects(db, [id])).get(id);
  if (!transfer) throw new Error(`bank transfer ${id} vanished`);
  return { transfer, created };
}

/** Pays the organization's open invoices from the transfer, as far as it goes; answers what it paid. */
async function payOpenInvoices(
  tx: Db,
  options: { transferId: string; organizationId: string; notice: BankTransferNotice; now: Date },
): Promise<bigint> {
  const { notice, now } = options;
  const named = notice.memo?.match(/INV-\d+/i)?.[0]?.toUpperCase() ?? null;
  const invoices = await lockPayableInvoices(tx, {
    organizationId: options.organizationId,
    firstNumber: named,
  });
  let leftMinor = notice.amountMinor;
  for (const invoice of invoices) {
    if (leftMinor <= 0n) break;
    if (invoice.currency !== notice.currency) continue;
    const onInvoiceMinor = minMinor(leftMinor, invoiceOwedMinor(invoice));
    if (onInvoiceMinor <= 0n) continue;
    await payInvoiceOutsideCard(tx, {
      invoice,
      onInvoiceMinor,
      method: 'bank_transfer',
      reference: notice.bankReference,
      bankTransferId: options.transferId,
      receivedOn: notice.receivedOn,
      recordedBy: 'bank notice',
      postings: offlinePaymentPostings(onInvoiceMinor),
      now,
    });
    leftMinor -= onInvoiceMinor;
  }
  return notice.amountMinor - leftMinor;
}
