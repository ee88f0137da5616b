import type { DeclineCode, IntentState } from '../payment-gateway.js';

// TapPay's words, translated. Its answers carry `status` (0 is success) and, from the bank,
// `bank_result_code`; a trade record carries `record_status`. What TapPay documents as a bank's or
// its own failure to answer is "unknown" (reconciliation asks again); any other refusal is a decline.

/** Statuses that mean "TapPay or the bank did not answer": the outcome is not known. */
const unansweredStatuses = new Set([421, 915, 10005, 10023]);

/** TapPay already has a trade for this bank_transaction_id: look it up instead of charging again. */
export const duplicateTransactionStatuses = new Set([10006, 10013]);

export function isUnanswered(status: number): boolean {
  return unansweredStatuses.has(status);
}

/** The decline a refusal stands for, from the bank's result code (ISO 8583) where there is one. */
export function declineOf(answer: { status?: number; bank_result_code?: string | null }): DeclineCode {
  switch (answer.bank_result_code ?? '') {
    // The card networks' soft declines: the issuer wants the cardholder (Visa 1A, Mastercard 65).
    case '1A':
    case '65':
      return 'authentication_required';
    case '51':
      return 'insufficient_funds';
    case '54':
    case '33':
      return 'expired_card';
    case '3DS_FAIL':
      return 'authentication_failed';
    case '96':
      return 'processing_error';
    default:
      return 'card_declined';
  }
}

/** A card brand from TapPay's card_info.type. */
export function brandOf(type: number): string {
  return { 1: 'visa', 2: 'mastercard', 3: 'jcb', 4: 'unionpay', 5: 'amex' }[type] ?? 'unknown';
}

export interface TradeRecord {
  rec_trade_id: string;
  record_status: number;
  amount: number;
  refunded_amount?: number;
  currency: string;
  bank_result_code?: string | null;
  time?: number;
}

/** What a trade record says about the Settle payment it stands for. */
export function stateOfRecord(record: TradeRecord, paymentUrl: string | null): IntentState {
  switch (record.record_status) {
    case 0: // authorized
    case 1: // captured
    case 2: // partly refunded
    case 3: // refunded: it was charged
      return { status: 'succeeded', chargeId: record.rec_trade_id };
    case 4: // pending: the cardholder has not finished the bank's challenge
      return paymentUrl
        ? { status: 'requires_action', nextAction: { kind: 'redirect', url: paymentUrl } }
        : { status: 'requires_confirmation' };
    case 5:
      return { status: 'canceled' };
    default: // -1: the trade failed
      return { status: 'failed', declineCode: declineOf(record) };
  }
}
