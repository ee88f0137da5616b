import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/connect.js';
import { type SecretKey, seal, unseal } from '../../secrets/seal.js';
import { IntentKeys } from '../intent-keys.js';
import {
  type BrowserOrigins,
  type CardCollection,
  type CardDetails,
  CardSourceRefused,
  type ChargeRequest,
  type ConfirmResult,
  type GatewayCapabilities,
  GatewayUnavailableError,
  type IntentOutcome,
  type IntentState,
  type PaymentGateway,
  type ProcessorCharge,
  RefundRefused,
  type RefundRequest,
} from '../payment-gateway.js';
import {
  brandOf,
  declineOf,
  duplicateTransactionStatuses,
  isUnanswered,
  stateOfRecord,
  type TradeRecord,
} from './tappay-outcomes.js';

export interface TapPaySettings {
  partnerKey: string;
  merchantId: string;
  appId: number;
  appKey: string;
  server: 'sandbox' | 'production';
  /** https://sandbox.tappaysdk.com, https://prod.tappaysdk.com, or a local fake's address. */
  apiBase: string;
  /** Where TapPay sends the cardholder back after 3-D Secure, and its backend notice (Settle's own pages). */
  publicUrl: string;
  /** Seals the card key and card token TapPay gives for a bound card. */
  secretKey: SecretKey;
  timeoutMs?: number | undefined;
}

/** TapPay charges New Taiwan dollars in whole dollars; Settle keeps cents. */
const twdCentsPerDollar = 100n;

/**
 * TapPay, through its documented backend API (Taiwan; TWD). The browser's TapPay Fields give a
 * prime; Settle binds it (card/bind) to get the card key and token, sealed here. A payment is one
 * pay-by-token call, sent with Settle's payment id as bank_transaction_id and order_number, so a
 * second send is refused as a duplicate and the record query finds it by that id. 3-D Secure goes
 * through TapPay's payment_url and its backend notice. TapPay cannot change a bound card's expiry.
 */
export class TapPayGateway implements PaymentGateway {
  readonly name = 'tappay';
  readonly capabilities: GatewayCapabilities = { updateCardExpiry: false, cardholderAuthentication: true };
  /** TapPay Fields' script and frames, and its 3-D Secure payment_url (shown in the settle drawer). */
  readonly browserOrigins: BrowserOrigins;
  private readonly keys: IntentKeys;

  constructor(
    private readonly db: Db,
    private readonly settings: TapPaySettings,
  ) {
    this.keys = new IntentKeys(db, 'tappay');
    const server =
      settings.server === 'production' ? 'https://prod.tappaysdk.com' : 'https://sandbox.tappaysdk.com';
    this.browserOrigins = {
      script: ['https://js.tappaysdk.com'],
      frame: ['https://js.tappaysdk.com', server],
      connect: ['https://js.tappaysdk.com', server],
    };
  }

  async prepareCardCollection(): Promise<CardCollection> {
    return {
      processor: 'tappay',
      appId: this.settings.appId,
      appKey: this.settings.appKey,
      serverType: this.settings.server,
    };
  }

  /** The prime from TapPay Fields, bound without a charge: the card is then Settle's to charge off-session. */
  async saveCardSource(
    source: { prime: string },
    owner: { organizationId: string; cardholderName: string; email: string },
  ): Promise<CardDetails> {
    const answer = await this.post<{
      status: number;
      msg?: string;
      card_secret?: { card_key: string; card_token: string };
      card_info?: { last_four: string; type: number; expiry_date?: string };
    }>('/tpc/card/bind', {
      prime: source.prime,
      partner_key: this.settings.partnerKey,
      merchant_id: this.settings.merchantId,
      currency: 'TWD',
      cardholder: { phone_number: '', name: owner.cardholderName, email: owner.email },
    });
    if (answer.status !== 0 || !answer.card_secret || !answer.card_info)
      throw new CardSourceRefused(answer.status, answer.msg ?? 'card not bound');
    const expiry = answer.card_info.expiry_date ?? '';
    const card: CardDetails = {
      token: `tpk_${randomBytes(18).toString('base64url')}`,
      brand: brandOf(answer.card_info.type),
      last4: answer.card_info.last_four,
      expMonth: Number(expiry.slice(4, 6)) || 12,
      expYear: Number(expiry.slice(0, 4)) || new Date().getUTCFullYear(),
      cardholderName: owner.cardholderName,
    };
    await this.db
      .insertInto('tappay_cards')
      .values({
        reference: card.token,
        organization_id: owner.organizationId,
        card_key_sealed: seal(this.settings.secretKey, answer.card_secret.card_key),
        card_token_sealed: seal(this.settings.secretKey, answer.card_secret.card_token),
        brand: card.brand,
        last4: card.last4,
        exp_month: card.expMonth,
        exp_year: card.expYear,
        cardholder_name: card.cardholderName,
      })
      .execute();
    return card;
  }

  /** TapPay's backend notice is unsigned: it only names the payment, whose outcome is then queried. */
  async readWebhook(rawBody: Buffer): Promise<string[]> {
    try {
      const notice = JSON.parse(rawBody.toString('utf8')) as {
        order_number?: unknown;
        bank_transaction_id?: unknown;
      };
      const id = notice.order_number ?? notice.bank_transaction_id;
      return typeof id === 'string' ? [id] : [];
    } catch {
      return [];
    }
  }

  async getCard(token: string): Promise<CardDetails | null> {
    const row = await this.db
      .selectFrom('tappay_cards')
      .selectAll()
      .where('reference', '=', token)
      .executeTakeFirst();
    if (!row) return null;
    return {
      token: row.reference,
      brand: row.brand,
      last4: row.last4,
      expMonth: row.exp_month,
      expYear: row.exp_year,
      cardholderName: row.cardholder_name,
    };
  }

  async updateCardExpiry(): Promise<void> {
    throw new Error('TapPay cannot change a bound card’s expiry (capabilities.updateCardExpiry is false)');
  }

  async createIntent(request: ChargeRequest): Promise<void> {
    await this.db
      .insertInto('tappay_payments')
      .values({
        idempotency_key: request.idempotencyKey,
        card_reference: request.token,
        amount_minor: request.amountMinor,
        currency: request.currency,
        off_session: request.offSession,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .execute();
    // What TapPay cannot charge (another currency, part of a dollar, a card it does not hold) is
    // closed at once: the confirm answers "canceled", recorded as not charged.
    const card = await this.cardSecrets(request.token);
    if (!card || request.currency !== 'TWD' || request.amountMinor % twdCentsPerDollar !== 0n)
      await this.keys.cancel(request.idempotencyKey);
  }

  async confirmIntent(idempotencyKey: string): Promise<ConfirmResult> {
    const known = await this.keys.find(idempotencyKey);
    if (known?.canceled) return this.cancelIntent(idempotencyKey);
    const payment = await this.db
      .selectFrom('tappay_payments')
      .selectAll()
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    const card = payment ? await this.cardSecrets(payment.card_reference) : null;
    if (!payment || !card) return this.cancelIntent(idempotencyKey);
    const threeDomainSecure = !payment.off_session;
    // From now on TapPay may charge even if its answer never comes back (see cancelIntent).
    await this.db
      .updateTable('tappay_payments')
      .set({ sent_at: new Date() })
      .where('idempotency_key', '=', idempotencyKey)
      .where('sent_at', 'is', null)
      .execute();
    const answer = await this.post<{
      status: number;
      msg?: string;
      rec_trade_id?: string;
      payment_url?: string;
      bank_result_code?: string;
    }>('/tpc/payment/pay-by-token', {
      card_key: card.cardKey,
      card_token: card.cardToken,
      partner_key: this.settings.partnerKey,
      merchant_id: this.settings.merchantId,
      amount: Number(payment.amount_minor / twdCentsPerDollar),
      currency: 'TWD',
      details: 'Settle subscription balance',
      order_number: idempotencyKey,
      bank_transaction_id: idempotencyKey.replaceAll('-', '').slice(0, 40),
      cardholder: { phone_number: '', name: card.cardholderName, email: '' },
      three_domain_secure: threeDomainSecure,
      ...(threeDomainSecure
        ? {
            result_url: {
              frontend_redirect_url: `${this.settings.publicUrl}/payments/challenge-ended?payment=${encodeURIComponent(idempotencyKey)}`,
              backend_notify_url: `${this.settings.publicUrl}/webhooks/tappay`,
            },
          }
        : {}),
    });
    if (answer.status === 0 && answer.rec_trade_id) {
      await this.keys.remember(idempotencyKey, answer.rec_trade_id, payment.off_session);
      if (answer.payment_url) {
        await this.db
          .updateTable('tappay_payments')
          .set({ rec_trade_id: answer.rec_trade_id, payment_url: answer.payment_url })
          .where('idempotency_key', '=', idempotencyKey)
          .execute();
        return { status: 'requires_action', nextAction: { kind: 'redirect', url: answer.payment_url } };
      }
      return { status: 'succeeded', chargeId: answer.rec_trade_id };
    }
    // Sent twice (a retry, another process): TapPay refuses the second; its record is the answer.
    if (duplicateTransactionStatuses.has(answer.status))
      return this.final(await this.lookupIntent(idempotencyKey));
    if (isUnanswered(answer.status)) throw new GatewayUnavailableError(`TapPay status ${answer.status}`);
    return { status: 'failed', declineCode: declineOf(answer) };
  }

  async cancelIntent(idempotencyKey: string): Promise<IntentOutcome> {
    await this.keys.cancel(idempotencyKey);
    // TapPay has no "cancel": the key is closed here, so it is never sent from now on; one already
    // sent is looked up, and a charge it made is the answer. A request sent and not yet answered may
    // still be acted on at TapPay, so until twice its timeout has passed, no trade is not a "no".
    const state = await this.lookupIntent(idempotencyKey, { ignoreCanceled: true });
    if (state.status === 'succeeded' || state.status === 'failed') return state;
    if (await this.mayStillBeActedOn(idempotencyKey))
      throw new GatewayUnavailableError('a pay-by-token sent moments ago may still be acted on at TapPay');
    return { status: 'canceled' };
  }

  /** Sent, unanswered, and not yet twice the call's timeout ago: TapPay may still make the trade. */
  private async mayStillBeActedOn(idempotencyKey: string): Promise<boolean> {
    const payment = await this.db
      .selectFrom('tappay_payments')
      .select('sent_at')
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    const sentAt = payment?.sent_at?.getTime();
    return sentAt !== undefined && Date.now() - sentAt < 2 * this.timeoutMs();
  }

  private timeoutMs(): number {
    return this.settings.timeoutMs ?? 30_000;
  }

  async lookupIntent(
    idempotencyKey: string,
    options: { ignoreCanceled?: boolean } = {},
  ): Promise<IntentState> {
    const record = await this.findRecord(idempotencyKey);
    if (record) {
      const payment = await this.db
        .selectFrom('tappay_payments')
        .select('payment_url')
        .where('idempotency_key', '=', idempotencyKey)
        .executeTakeFirst();
      return stateOfRecord(record, payment?.payment_url ?? null);
    }
    const known = await this.keys.find(idempotencyKey);
    // Closed by a cancel, but a request sent before it may still make a trade: not final until then.
    if (known?.canceled && !options.ignoreCanceled)
      return (await this.mayStillBeActedOn(idempotencyKey))
        ? { status: 'requires_confirmation' }
        : { status: 'canceled' };
    const created = await this.db
      .selectFrom('tappay_payments')
      .select('idempotency_key')
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    return created ? { status: 'requires_confirmation' } : { status: 'not_found' };
  }

  async refund(request: RefundRequest): Promise<{ refundId: string }> {
    const record = await this.findRecord(request.chargeKey);
    if (!record) throw new Error(`no TapPay trade for payment ${request.chargeKey}`);
    // TapPay's refund has no idempotency key: the refund key is claimed here first, and a claim left
    // unfinished (a crash, a lost reply) is settled by what the trade record says was refunded beyond
    // the trade's other refunds known done (Settle sends one refund of a payment at a time).
    const claimed = await this.db
      .insertInto('tappay_refunds')
      .values({
        idempotency_key: request.idempotencyKey,
        rec_trade_id: record.rec_trade_id,
        amount_minor: request.amountMinor,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('idempotency_key')
      .executeTakeFirst();
    const refundedMinor = BigInt(record.refunded_amount ?? 0) * twdCentsPerDollar;
    if (!claimed && !(await this.sendRefundAgain(request, record.rec_trade_id, refundedMinor)))
      return this.refundDone(request.idempotencyKey);
    const answer = await this.post<{ status: number; msg?: string; refund_id?: string }>(
      '/tpc/transaction/refund',
      {
        partner_key: this.settings.partnerKey,
        rec_trade_id: record.rec_trade_id,
        amount: Number(request.amountMinor / twdCentsPerDollar),
      },
    );
    if (answer.status !== 0) {
      if (isUnanswered(answer.status)) throw new GatewayUnavailableError(`TapPay status ${answer.status}`);
      throw new RefundRefused(
        `tappay_${answer.status}`,
        `TapPay refused the refund: status ${answer.status}`,
      );
    }
    return this.refundDone(request.idempotencyKey, answer.refund_id);
  }

  async findCharges(idempotencyKeys: readonly string[]): Promise<ProcessorCharge[]> {
    const charges: ProcessorCharge[] = [];
    for (const key of idempotencyKeys) {
      const sent = await this.db
        .selectFrom('tappay_payments')
        .select('idempotency_key')
        .where('idempotency_key', '=', key)
        .executeTakeFirst();
      if (!sent) continue;
      const record = await this.findRecord(key);
      if (!record || stateOfRecord(record, null).status !== 'succeeded') continue;
      charges.push({
        idempotencyKey: key,
        amountMinor: BigInt(record.amount) * twdCentsPerDollar,
        refundedMinor: BigInt(record.refunded_amount ?? 0) * twdCentsPerDollar,
        currency: record.currency,
        createdAt: new Date(record.time ?? Date.now()),
      });
    }
    return charges;
  }

  /**
   * For a refund key already claimed: false when the trade shows it landed (or it is known done), true
   * when it provably never did (sent longer ago than a call can take, and the trade shows nothing) and
   * the claim is taken again to send it once more. Throws GatewayUnavailableError while it may still land.
   */
  private async sendRefundAgain(
    request: RefundRequest,
    recTradeId: string,
    refundedMinor: bigint,
  ): Promise<boolean> {
    const claims = await this.db
      .selectFrom('tappay_refunds')
      .select(['idempotency_key', 'amount_minor', 'done_at', 'sent_at'])
      .where('rec_trade_id', '=', recTradeId)
      .execute();
    const mine = claims.find((claim) => claim.idempotency_key === request.idempotencyKey);
    if (mine?.done_at) return false;
    const othersDoneMinor = claims
      .filter((claim) => claim.idempotency_key !== request.idempotencyKey && claim.done_at)
      .reduce((sum, claim) => sum + claim.amount_minor, 0n);
    if (refundedMinor >= othersDoneMinor + request.amountMinor) return false;
    const retaken = await this.db
      .updateTable('tappay_refunds')
      .set({ sent_at: new Date() })
      .where('idempotency_key', '=', request.idempotencyKey)
      .where('done_at', 'is', null)
      .where('sent_at', '<', new Date(Date.now() - 2 * this.timeoutMs()))
      .returning('idempotency_key')
      .executeTakeFirst();
    if (!retaken)
      throw new GatewayUnavailableError('an earlier refund under this key has no known outcome yet');
    return true;
  }

  private async refundDone(idempotencyKey: string, refundId?: string): Promise<{ refundId: string }> {
    await this.db
      .updateTable('tappay_refunds')
      .set({ done_at: new Date() })
      .where('idempotency_key', '=', idempotencyKey)
      .execute();
    return { refundId: refundId ?? `tappay-refund-${idempotencyKey}` };
  }

  private async findRecord(idempotencyKey: string): Promise<TradeRecord | null> {
    const answer = await this.post<{ status: number; trade_records?: TradeRecord[] }>(
      '/tpc/transaction/query',
      {
        partner_key: this.settings.partnerKey,
        records_per_page: 10,
        page: 0,
        filters: { order_number: idempotencyKey },
      },
    );
    if (answer.status !== 0)
      throw new GatewayUnavailableError(`TapPay record query: status ${answer.status}`);
    return answer.trade_records?.[0] ?? null;
  }

  private async cardSecrets(
    reference: string,
  ): Promise<{ cardKey: string; cardToken: string; cardholderName: string } | null> {
    const row = await this.db
      .selectFrom('tappay_cards')
      .select(['card_key_sealed', 'card_token_sealed', 'cardholder_name'])
      .where('reference', '=', reference)
      .executeTakeFirst();
    if (!row) return null;
    return {
      cardKey: unseal(this.settings.secretKey, row.card_key_sealed),
      cardToken: unseal(this.settings.secretKey, row.card_token_sealed),
      cardholderName: row.cardholder_name,
    };
  }

  private final(state: IntentState): ConfirmResult {
    if (state.status === 'requires_confirmation' || state.status === 'not_found')
      throw new GatewayUnavailableError(`TapPay trade is ${state.status} after pay-by-token`);
    return state;
  }

  /** One backend call: no answer, a timeout or a 5xx is "unknown"; TapPay's own status is the caller's. */
  private async post<T>(path: string, body: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.settings.apiBase), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': this.settings.partnerKey },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs()),
      });
    } catch (error) {
      throw new GatewayUnavailableError(
        `TapPay ${path}: ${error instanceof Error ? error.name : 'no answer'}`,
      );
    }
    if (response.status >= 500) throw new GatewayUnavailableError(`TapPay ${path}: HTTP ${response.status}`);
    try {
      return (await response.json()) as T;
    } catch {
      throw new GatewayUnavailableError(`TapPay ${path}: unreadable answer`);
    }
  }
}
