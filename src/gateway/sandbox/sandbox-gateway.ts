import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/connect.js';
import {
  detectBrand,
  isExpired,
  isPlausibleExpiry,
  normalizeCardNumber,
  passesLuhn,
} from '../../domain/card.js';
import {
  type BrowserOrigins,
  type CardCollection,
  type CardDetails,
  type ChargeRequest,
  type ConfirmResult,
  type DeclineCode,
  type GatewayCapabilities,
  GatewayUnavailableError,
  type IntentOutcome,
  type IntentState,
  type PaymentGateway,
  type ProcessorCharge,
  RefundRefused,
  type RefundRequest,
  WebhookSignatureError,
} from '../payment-gateway.js';

// Test cards, as in Stripe's test mode, plus one of ours whose reply is always lost.
type Behavior = 'succeed' | DeclineCode | 'reply_lost' | 'authenticate_always' | 'authenticate_on_session';
export const sandboxTestCards: Record<string, Behavior> = {
  '4242424242424242': 'succeed',
  '5555555555554444': 'succeed',
  '4000000000000002': 'card_declined',
  '4000000000009995': 'insufficient_funds',
  '4000000000000069': 'expired_card',
  '4000000000000119': 'processing_error',
  '4000000000007775': 'reply_lost',
  // 3-D Secure: asks on every charge, and fails off-session with authentication_required.
  '4000002760003184': 'authenticate_always',
  // 3-D Secure on-session only: once saved, renewals go through without the cardholder.
  '4000002500003155': 'authenticate_on_session',
};

/** The sandbox bank's challenge page for an intent (served by the sandbox's own routes). */
function sandboxChallengePath(idempotencyKey: string): string {
  return `/gateway/v1/challenges/${encodeURIComponent(idempotencyKey)}`;
}

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
  | { kind: 'server_error' }
  /** The confirm is held on its way to the processor until the promise settles (tests' slow network). */
  | { kind: 'hold'; until: Promise<void> };

/**
 * A processor of its own: its store (sandbox_* tables) is written only here, outside Settle's
 * transactions, so after a Settle crash it still knows what it charged.
 */
export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox';
  readonly capabilities: GatewayCapabilities = { updateCardExpiry: true, cardholderAuthentication: true };
  readonly browserOrigins: BrowserOrigins = { script: [], frame: [], connect: [] };
  private readonly faults: SandboxFault[] = [];
  /** Applies to every charge, e.g. a slow processor for a crash test (SETTLE_SANDBOX_FAULT). */
  standingFault: SandboxFault | null = null;
  /** Faults for the next refund calls, as for charges (a refund "charges" back). */
  private readonly refundFaults: SandboxFault[] = [];
  /** Applies to every refund (SETTLE_SANDBOX_REFUND_FAULT). */
  standingRefundFault: SandboxFault | null = null;
  chargeCalls = 0;
  /** Told the answer to each confirm, as a processor's dashboard would show it (the server logs it). */
  onConfirmed: ((idempotencyKey: string, outcome: IntentOutcome) => void) | null = null;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  injectFault(fault: SandboxFault): void {
    this.faults.push(fault);
  }

  /** The next refund call meets this fault: before the processor acts (timeout, 5xx), or after (a lost reply). */
  injectRefundFault(fault: SandboxFault): void {
    this.refundFaults.push(fault);
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

  async prepareCardCollection(): Promise<CardCollection> {
    return { processor: 'sandbox', tokenizeUrl: '/gateway/v1/tokens' };
  }

  /** The sandbox tells Settle in-process when a challenge ends; it sends no webhooks. */
  async readWebhook(): Promise<string[]> {
    throw new WebhookSignatureError('the sandbox processor sends no webhooks');
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

  async createIntent(request: ChargeRequest): Promise<void> {
    // The primary key on the idempotency key makes a repeat a no-op, and a key canceled before it
    // was ever created stays canceled.
    await this.db
      .insertInto('sandbox_charges')
      .values({
        idempotency_key: request.idempotencyKey,
        charge_id: `ch_${randomBytes(12).toString('hex')}`,
        token: request.token,
        amount_minor: request.amountMinor,
        currency: request.currency,
        outcome: 'requires_confirmation',
        failure_code: null,
        off_session: request.offSession,
        created_at: this.now(),
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .execute();
  }

  async confirmIntent(idempotencyKey: string): Promise<ConfirmResult> {
    this.chargeCalls++;
    const fault = this.faults.shift() ?? this.standingFault;
    // Latency before the request reaches the processor: a cancel may overtake it.
    if (fault?.kind === 'latency') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === 'hold') await fault.until;
    if (fault?.kind === 'timeout_before_charge') throw new GatewayUnavailableError('timed out');
    if (fault?.kind === 'server_error') throw new GatewayUnavailableError('502 from processor');
    const intent = await this.db
      .selectFrom('sandbox_charges')
      .innerJoin('sandbox_cards', 'sandbox_cards.token', 'sandbox_charges.token')
      .select([
        'sandbox_cards.behavior',
        'sandbox_cards.exp_month',
        'sandbox_cards.exp_year',
        'sandbox_charges.off_session',
      ])
      .where('sandbox_charges.idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    const declineCode = this.declineFor(intent);
    const challenge = !declineCode && intent !== undefined && asksCardholder(intent);
    // Only an intent still waiting is confirmed, in one statement: a canceled one stays canceled,
    // a confirmed one keeps its first outcome, whoever asks and however often.
    await this.db
      .updateTable('sandbox_charges')
      .set(
        challenge
          ? { outcome: 'requires_action', failure_code: null }
          : { outcome: declineCode ? 'failed' : 'succeeded', failure_code: declineCode },
      )
      .where('idempotency_key', '=', idempotencyKey)
      .where('outcome', '=', 'requires_confirmation')
      .execute();
    const state = await this.lookupIntent(idempotencyKey);
    if (
      state.status !== 'not_found' &&
      state.status !== 'requires_confirmation' &&
      state.status !== 'requires_action'
    )
      this.onConfirmed?.(idempotencyKey, state);
    if (fault?.kind === 'latency_after_charge') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === 'reply_lost_after_charge' || intent?.behavior === 'reply_lost') {
      throw new GatewayUnavailableError('connection reset after the charge');
    }
    if (state.status === 'not_found' || state.status === 'requires_confirmation')
      throw new GatewayUnavailableError('intent vanished');
    return state;
  }

  /**
   * The bank's challenge, as the cardholder answers it on the sandbox's page: passed, the charge
   * goes through (or is declined for the card's own reason); failed, it is declined with
   * authentication_failed. Only an intent waiting for it changes; the final state is returned.
   */
  async completeChallenge(idempotencyKey: string, passed: boolean): Promise<IntentState> {
    const intent = await this.db
      .selectFrom('sandbox_charges')
      .innerJoin('sandbox_cards', 'sandbox_cards.token', 'sandbox_charges.token')
      .select(['sandbox_cards.exp_month', 'sandbox_cards.exp_year'])
      .where('sandbox_charges.idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    const declineCode: DeclineCode | null = !passed
      ? 'authentication_failed'
      : intent && isExpired({ expMonth: intent.exp_month, expYear: intent.exp_year }, this.now())
        ? 'expired_card'
        : null;
    await this.db
      .updateTable('sandbox_charges')
      .set({ outcome: declineCode ? 'failed' : 'succeeded', failure_code: declineCode })
      .where('idempotency_key', '=', idempotencyKey)
      .where('outcome', '=', 'requires_action')
      .execute();
    return this.lookupIntent(idempotencyKey);
  }

  /** What the sandbox bank's challenge page shows: the charge, the card, and whether it still waits. */
  async challengeOf(idempotencyKey: string): Promise<{
    amountMinor: bigint;
    currency: string;
    brand: string;
    last4: string;
    state: IntentState['status'];
  } | null> {
    const row = await this.db
      .selectFrom('sandbox_charges')
      .innerJoin('sandbox_cards', 'sandbox_cards.token', 'sandbox_charges.token')
      .select([
        'sandbox_charges.amount_minor',
        'sandbox_charges.currency',
        'sandbox_charges.outcome',
        'sandbox_cards.brand',
        'sandbox_cards.last4',
      ])
      .where('sandbox_charges.idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    if (!row) return null;
    return {
      amountMinor: row.amount_minor,
      currency: row.currency,
      brand: row.brand,
      last4: row.last4,
      state: row.outcome,
    };
  }

  private declineFor(
    card: { behavior: string; exp_month: number; exp_year: number; off_session: boolean } | undefined,
  ): DeclineCode | null {
    if (!card) return 'card_declined';
    if (card.behavior === 'authenticate_always' && card.off_session) return 'authentication_required';
    if (!['succeed', 'reply_lost', 'authenticate_always', 'authenticate_on_session'].includes(card.behavior))
      return card.behavior as DeclineCode;
    if (isExpired({ expMonth: card.exp_month, expYear: card.exp_year }, this.now())) return 'expired_card';
    return null;
  }

  async cancelIntent(idempotencyKey: string): Promise<IntentOutcome> {
    // Never created: a canceled marker, so that a create and confirm arriving late are refused.
    await this.db
      .insertInto('sandbox_charges')
      .values({
        idempotency_key: idempotencyKey,
        charge_id: `ch_${randomBytes(12).toString('hex')}`,
        token: '',
        amount_minor: 0n,
        currency: '',
        outcome: 'canceled',
        failure_code: null,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .execute();
    await this.db
      .updateTable('sandbox_charges')
      .set({ outcome: 'canceled' })
      .where('idempotency_key', '=', idempotencyKey)
      .where('outcome', 'in', ['requires_confirmation', 'requires_action'])
      .execute();
    const state = await this.lookupIntent(idempotencyKey);
    if (
      state.status === 'not_found' ||
      state.status === 'requires_confirmation' ||
      state.status === 'requires_action'
    )
      throw new GatewayUnavailableError('intent vanished');
    return state;
  }

  async lookupIntent(idempotencyKey: string): Promise<IntentState> {
    const row = await this.db
      .selectFrom('sandbox_charges')
      .select(['outcome', 'charge_id', 'failure_code'])
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    if (!row) return { status: 'not_found' };
    if (row.outcome === 'succeeded') return { status: 'succeeded', chargeId: row.charge_id };
    if (row.outcome === 'failed')
      return { status: 'failed', declineCode: (row.failure_code ?? 'card_declined') as DeclineCode };
    if (row.outcome === 'requires_action')
      return {
        status: 'requires_action',
        nextAction: { kind: 'redirect', url: sandboxChallengePath(idempotencyKey) },
      };
    return { status: row.outcome };
  }

  async refund(request: RefundRequest): Promise<{ refundId: string }> {
    const fault = this.refundFaults.shift() ?? this.standingRefundFault;
    if (fault?.kind === 'latency') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === 'timeout_before_charge') throw new GatewayUnavailableError('timed out');
    if (fault?.kind === 'server_error') throw new GatewayUnavailableError('502 from processor');
    const refunded = await this.db.transaction().execute(async (tx) => {
      // The charge first: two sends of one key at once wait here, and the second finds the first's refund.
      await tx
        .selectFrom('sandbox_charges')
        .select('idempotency_key')
        .where('idempotency_key', '=', request.chargeKey)
        .forUpdate()
        .execute();
      const done = await tx
        .selectFrom('sandbox_refunds')
        .select('refund_id')
        .where('idempotency_key', '=', request.idempotencyKey)
        .executeTakeFirst();
      if (done) return { refundId: done.refund_id };
      const charge = await tx
        .updateTable('sandbox_charges')
        .set((eb) => ({ refunded_minor: eb('refunded_minor', '+', request.amountMinor) }))
        .where('idempotency_key', '=', request.chargeKey)
        .where('outcome', '=', 'succeeded')
        .where(sql<boolean>`refunded_minor + ${request.amountMinor} <= amount_minor`)
        .returning('idempotency_key')
        .executeTakeFirst();
      if (!charge)
        throw new RefundRefused(
          'charge_not_refundable',
          `no succeeded charge ${request.chargeKey} with that much left to refund`,
        );
      const refundId = `re_${randomBytes(12).toString('hex')}`;
      await tx
        .insertInto('sandbox_refunds')
        .values({
          idempotency_key: request.idempotencyKey,
          refund_id: refundId,
          charge_key: request.chargeKey,
          amount_minor: request.amountMinor,
        })
        .execute();
      return { refundId };
    });
    if (fault?.kind === 'latency_after_charge') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === 'reply_lost_after_charge') throw new GatewayUnavailableError('the reply was lost');
    return refunded;
  }

  async findCharges(idempotencyKeys: readonly string[]): Promise<ProcessorCharge[]> {
    if (idempotencyKeys.length === 0) return [];
    const rows = await this.db
      .selectFrom('sandbox_charges')
      .select(['idempotency_key', 'amount_minor', 'refunded_minor', 'currency', 'created_at'])
      .where('outcome', '=', 'succeeded')
      .where('idempotency_key', 'in', idempotencyKeys)
      .execute();
    return rows.map((row) => ({
      idempotencyKey: row.idempotency_key,
      amountMinor: row.amount_minor,
      refundedMinor: row.refunded_minor,
      currency: row.currency,
      createdAt: row.created_at,
    }));
  }

  /**
   * A processor that charged although Settle canceled (a processor's bug, or an operator's charge by
   * hand): tests use it to prove the second line of defence, the automatic refund.
   */
  async chargeDespiteCancel(idempotencyKey: string, amountMinor: bigint, currency: string): Promise<void> {
    await this.db
      .updateTable('sandbox_charges')
      .set({ outcome: 'succeeded', amount_minor: amountMinor, currency, failure_code: null })
      .where('idempotency_key', '=', idempotencyKey)
      .execute();
  }

  /** What the processor holds, net of refunds, for the ledger check to compare one to one with Settle's payments. */
  async succeededCharges(): Promise<{ idempotencyKey: string; amountMinor: bigint; token: string }[]> {
    const rows = await this.db
      .selectFrom('sandbox_charges')
      .select(['idempotency_key', 'amount_minor', 'refunded_minor', 'token'])
      .where('outcome', '=', 'succeeded')
      .where(sql<boolean>`amount_minor > refunded_minor`)
      .execute();
    return rows.map((row) => ({
      idempotencyKey: row.idempotency_key,
      amountMinor: row.amount_minor - row.refunded_minor,
      token: row.token,
    }));
  }
}

/** A charge the bank wants the cardholder to confirm: always for one card, on-session for the other. */
function asksCardholder(intent: { behavior: string; off_session: boolean }): boolean {
  if (intent.behavior === 'authenticate_always') return !intent.off_session;
  return intent.behavior === 'authenticate_on_session' && !intent.off_session;
}
