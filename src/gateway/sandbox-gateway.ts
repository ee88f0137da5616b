import { randomBytes } from 'node:crypto';
import type { Db } from '../db/connect.js';
import {
  detectBrand,
  isExpired,
  isPlausibleExpiry,
  normalizeCardNumber,
  passesLuhn,
} from '../domain/card.js';
import {
  type CardDetails,
  type ChargeOutcome,
  type ChargeRequest,
  type DeclineCode,
  GatewayUnavailableError,
  type PaymentGateway,
} from './payment-gateway.js';

// Test cards, as in Stripe's test mode, plus one of ours whose reply is always lost.
type Behavior = 'succeed' | DeclineCode | 'reply_lost';
export const sandboxTestCards: Record<string, Behavior> = {
  '4242424242424242': 'succeed',
  '5555555555554444': 'succeed',
  '4000000000000002': 'card_declined',
  '4000000000009995': 'insufficient_funds',
  '4000000000000069': 'expired_card',
  '4000000000000119': 'processing_error',
  '4000000000007775': 'reply_lost',
};

export type TokenizeErrorCode =
  | 'card_number_invalid'
  | 'card_expiry_invalid'
  | 'card_expired'
  | 'card_cvc_invalid'
  | 'cardholder_name_missing';

export class TokenizeError extends Error {
  constructor(readonly code: TokenizeErrorCode) {
    super(code);
  }
}

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  name: string;
}

/** Faults a test can queue: each applies to the next charge call. */
export type SandboxFault =
  | { kind: 'latency'; ms: number }
  | { kind: 'latency_after_charge'; ms: number }
  | { kind: 'timeout_before_charge' }
  | { kind: 'reply_lost_after_charge' }
  | { kind: 'server_error' };

/**
 * A processor of its own: its store (sandbox_* tables) is written only here, outside Settle's
 * transactions, so after a Settle crash it still knows what it charged.
 */
export class SandboxGateway implements PaymentGateway {
  private readonly faults: SandboxFault[] = [];
  /** Applies to every charge, e.g. a slow processor for a crash test (SETTLE_SANDBOX_FAULT). */
  standingFault: SandboxFault | null = null;
  chargeCalls = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  injectFault(fault: SandboxFault): void {
    this.faults.push(fault);
  }

  /** Reads 'latency:MS' or 'latency_after_charge:MS' (and the other kinds without a number). */
  static parseFault(text: string | undefined): SandboxFault | null {
    if (!text) return null;
    const [kind, ms] = text.split(':');
    if (kind === 'latency' || kind === 'latency_after_charge') return { kind, ms: Number(ms ?? 1000) };
    if (kind === 'timeout_before_charge' || kind === 'reply_lost_after_charge' || kind === 'server_error')
      return { kind };
    throw new Error(`unknown sandbox fault ${text}`);
  }

  async tokenizeCard(input: CardInput): Promise<CardDetails> {
    const digits = normalizeCardNumber(input.number);
    if (!passesLuhn(digits)) throw new TokenizeError('card_number_invalid');
    const expiry = { expMonth: input.expMonth, expYear: input.expYear };
    if (!isPlausibleExpiry(expiry, this.now())) throw new TokenizeError('card_expiry_invalid');
    if (isExpired(expiry, this.now())) throw new TokenizeError('card_expired');
    if (!/^\d{3,4}$/.test(input.cvc)) throw new TokenizeError('card_cvc_invalid');
    const name = input.name.trim();
    if (!name) throw new TokenizeError('cardholder_name_missing');
    // The number and CVC end here: only the behaviour a test card stands for is kept.
    const card: CardDetails = {
      token: `tok_${randomBytes(12).toString('hex')}`,
      brand: detectBrand(digits),
      last4: digits.slice(-4),
      ...expiry,
      cardholderName: name,
    };
    await this.db
      .insertInto('sandbox_cards')
      .values({
        token: card.token,
        behavior: sandboxTestCards[digits] ?? 'succeed',
        brand: card.brand,
        last4: card.last4,
        exp_month: card.expMonth,
        exp_year: card.expYear,
        cardholder_name: card.cardholderName,
      })
      .execute();
    return card;
  }

  async getCard(token: string): Promise<CardDetails | null> {
    const row = await this.db
      .selectFrom('sandbox_cards')
      .selectAll()
      .where('token', '=', token)
      .executeTakeFirst();
    if (!row) return null;
    return {
      token: row.token,
      brand: row.brand,
      last4: row.last4,
      expMonth: row.exp_month,
      expYear: row.exp_year,
      cardholderName: row.cardholder_name,
    };
  }

  async updateCardExpiry(token: string, expiry: { expMonth: number; expYear: number }): Promise<void> {
    await this.db
      .updateTable('sandbox_cards')
      .set({ exp_month: expiry.expMonth, exp_year: expiry.expYear })
      .where('token', '=', token)
      .execute();
  }

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    this.chargeCalls++;
    const fault = this.faults.shift() ?? this.standingFault;
    if (fault?.kind === 'latency') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === 'timeout_before_charge') throw new GatewayUnavailableError('timed out');
    if (fault?.kind === 'server_error') throw new GatewayUnavailableError('502 from processor');
    const card = await this.db
      .selectFrom('sandbox_cards')
      .selectAll()
      .where('token', '=', request.token)
      .executeTakeFirst();
    const outcome = await this.chargeOnce(request, card);
    if (fault?.kind === 'latency_after_charge') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === 'reply_lost_after_charge' || card?.behavior === 'reply_lost') {
      throw new GatewayUnavailableError('connection reset after the charge');
    }
    return outcome;
  }

  private async chargeOnce(
    request: ChargeRequest,
    card: { behavior: string; exp_month: number; exp_year: number } | undefined,
  ): Promise<ChargeOutcome> {
    let declineCode: DeclineCode | null = null;
    if (!card) declineCode = 'card_declined';
    else if (card.behavior !== 'succeed' && card.behavior !== 'reply_lost')
      declineCode = card.behavior as DeclineCode;
    else if (isExpired({ expMonth: card.exp_month, expYear: card.exp_year }, this.now()))
      declineCode = 'expired_card';
    // The primary key on the idempotency key makes a repeat (or a racing second call) a no-op that
    // answers with the first call's outcome.
    const inserted = await this.db
      .insertInto('sandbox_charges')
      .values({
        idempotency_key: request.idempotencyKey,
        charge_id: `ch_${randomBytes(12).toString('hex')}`,
        token: request.token,
        amount_minor: request.amountMinor,
        currency: request.currency,
        outcome: declineCode ? 'failed' : 'succeeded',
        failure_code: declineCode,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returningAll()
      .executeTakeFirst();
    const stored = inserted ? outcomeOf(inserted) : await this.lookupCharge(request.idempotencyKey);
    if (stored.status === 'not_found') throw new GatewayUnavailableError('charge vanished');
    return stored;
  }

  async lookupCharge(idempotencyKey: string): Promise<ChargeOutcome | { status: 'not_found' }> {
    const row = await this.db
      .selectFrom('sandbox_charges')
      .selectAll()
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    return row ? outcomeOf(row) : { status: 'not_found' };
  }

  /** Every successful charge, for the ledger check to compare one to one with Settle's payments. */
  async succeededCharges(): Promise<{ idempotencyKey: string; amountMinor: bigint; token: string }[]> {
    const rows = await this.db
      .selectFrom('sandbox_charges')
      .select(['idempotency_key', 'amount_minor', 'token'])
      .where('outcome', '=', 'succeeded')
      .execute();
    return rows.map((row) => ({
      idempotencyKey: row.idempotency_key,
      amountMinor: row.amount_minor,
      token: row.token,
    }));
  }
}

function outcomeOf(row: { outcome: string; charge_id: string; failure_code: string | null }): ChargeOutcome {
  if (row.outcome === 'succeeded') return { status: 'succeeded', chargeId: row.charge_id };
  return { status: 'failed', declineCode: (row.failure_code ?? 'card_declined') as DeclineCode };
}
