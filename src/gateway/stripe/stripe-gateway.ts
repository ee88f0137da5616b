import Stripe from 'stripe';
import type { Db } from '../../db/connect.js';
import { IntentKeys } from '../intent-keys.js';
import {
  type BrowserOrigins,
  type CardCollection,
  type CardDetails,
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
  WebhookSignatureError,
} from '../payment-gateway.js';
import { declineOf, stateOfIntent } from './stripe-outcomes.js';

export interface StripeSettings {
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
  /** Another Stripe API host (the tests' fake): host, port and protocol as the SDK takes them. */
  host?: string | undefined;
  port?: number | undefined;
  protocol?: 'http' | 'https' | undefined;
  timeoutMs?: number | undefined;
}

/**
 * Stripe, through its official SDK. Cards are saved with SetupIntents on one Stripe Customer per
 * organization (Stripe.js Elements in the browser: card data goes to Stripe only); a charge is a
 * PaymentIntent created and then confirmed with the saved card, each call under an idempotency key
 * made from Settle's payment id; 3-D Secure is finished in the browser by Stripe.js.
 */
export class StripeGateway implements PaymentGateway {
  readonly name = 'stripe';
  readonly capabilities: GatewayCapabilities = { updateCardExpiry: true, cardholderAuthentication: true };
  readonly browserOrigins: BrowserOrigins = {
    script: ['https://js.stripe.com'],
    frame: ['https://js.stripe.com', 'https://hooks.stripe.com'],
    connect: ['https://api.stripe.com'],
  };
  private readonly stripe: Stripe;
  private readonly keys: IntentKeys;

  constructor(
    db: Db,
    private readonly settings: StripeSettings,
  ) {
    this.stripe = new Stripe(settings.secretKey, {
      ...(settings.host ? { host: settings.host } : {}),
      ...(settings.port ? { port: settings.port } : {}),
      ...(settings.protocol ? { protocol: settings.protocol } : {}),
      timeout: settings.timeoutMs ?? 10_000,
      // A retry is Settle's to decide (reconciliation asks again): an unanswered call is "unknown".
      maxNetworkRetries: 0,
      telemetry: false,
    });
    this.keys = new IntentKeys(db, 'stripe');
    this.publishableKey = settings.publishableKey;
  }

  readonly publishableKey: string;

  async prepareCardCollection(organization: { id: string; name: string }): Promise<CardCollection> {
    const customer = await this.keys.customerFor(organization.id, async () => {
      const created = await this.call(() =>
        this.stripe.customers.create(
          { name: organization.name, metadata: { settle_organization_id: organization.id } },
          { idempotencyKey: `settle-customer-${organization.id}` },
        ),
      );
      return created.id;
    });
    const setup = await this.call(() =>
      this.stripe.setupIntents.create({
        customer,
        usage: 'off_session',
        allowed_payment_method_types: ['card'],
      }),
    );
    if (!setup.client_secret) throw new GatewayUnavailableError('Stripe gave no client secret');
    return {
      processor: 'stripe',
      publishableKey: this.settings.publishableKey,
      clientSecret: setup.client_secret,
    };
  }

  async readWebhook(
    rawBody: Buffer,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<string[]> {
    const signature = headers['stripe-signature'];
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(
        rawBody,
        String(signature ?? ''),
        this.settings.webhookSecret,
      );
    } catch {
      throw new WebhookSignatureError('not signed by Stripe with this endpoint’s secret');
    }
    if (!event.type.startsWith('payment_intent.')) return [];
    const intent = event.data.object as Stripe.PaymentIntent;
    const paymentId = intent.metadata?.settle_payment_id;
    return paymentId ? [paymentId] : [];
  }

  async getCard(token: string): Promise<CardDetails | null> {
    const method = await this.retrieveMethod(token);
    if (!method?.card) return null;
    return {
      token: method.id,
      brand: method.card.brand,
      last4: method.card.last4,
      expMonth: method.card.exp_month,
      expYear: method.card.exp_year,
      cardholderName: method.billing_details?.name ?? '',
    };
  }

  async updateCardExpiry(token: string, expiry: { expMonth: number; expYear: number }): Promise<void> {
    await this.call(() =>
      this.stripe.paymentMethods.update(token, {
        card: { exp_month: expiry.expMonth, exp_year: expiry.expYear },
      }),
    );
  }

  async createIntent(request: ChargeRequest): Promise<void> {
    const known = await this.keys.find(request.idempotencyKey);
    if (known?.canceled || known?.intentId) return;
    if (request.amountMinor > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('amount too large for Stripe');
    const method = await this.retrieveMethod(request.token);
    // A card Stripe no longer has (detached, or never its): nothing can be charged, and the key is
    // closed so that the confirm answers "canceled", which Settle records as not charged.
    if (!method) {
      await this.keys.cancel(request.idempotencyKey);
      return;
    }
    const customer = typeof method?.customer === 'string' ? method.customer : method?.customer?.id;
    const intent = await this.call(() =>
      this.stripe.paymentIntents.create(
        {
          amount: Number(request.amountMinor),
          currency: request.currency.toLowerCase(),
          payment_method: request.token,
          allowed_payment_method_types: ['card'],
          ...(customer ? { customer } : {}),
          metadata: { settle_payment_id: request.idempotencyKey },
        },
        { idempotencyKey: `settle-create-${request.idempotencyKey}` },
      ),
    );
    await this.keys.remember(request.idempotencyKey, intent.id, request.offSession);
  }

  async confirmIntent(idempotencyKey: string): Promise<ConfirmResult> {
    const known = await this.keys.find(idempotencyKey);
    if (!known?.intentId) {
      if (known?.canceled) return { status: 'canceled' };
      throw new GatewayUnavailableError('no Stripe intent is known for this payment');
    }
    // Canceled by Settle after it was created (a slow create): never confirmed.
    if (known.canceled) return this.cancelIntent(idempotencyKey);
    const intentId = known.intentId;
    try {
      const intent = await this.call(() =>
        this.stripe.paymentIntents.confirm(intentId, known.offSession ? { off_session: true } : {}, {
          idempotencyKey: `settle-confirm-${idempotencyKey}`,
        }),
      );
      return this.final(stateOfIntent(intent));
    } catch (error) {
      if (error instanceof Stripe.errors.StripeCardError)
        return { status: 'failed', declineCode: declineOf(error) };
      // Already confirmed or canceled by someone else: its state now is the answer.
      if (isUnexpectedState(error)) return this.final(await this.lookupIntent(idempotencyKey));
      throw error;
    }
  }

  async cancelIntent(idempotencyKey: string): Promise<IntentOutcome> {
    const { intentId } = await this.keys.cancel(idempotencyKey);
    if (!intentId) return { status: 'canceled' };
    try {
      const intent = await this.call(() => this.stripe.paymentIntents.cancel(intentId));
      const state = stateOfIntent(intent);
      if (state.status === 'canceled' || state.status === 'succeeded' || state.status === 'failed')
        return state;
    } catch (error) {
      if (!isUnexpectedState(error)) throw error;
    }
    // It could not be canceled: it is final already (succeeded), and that is the answer.
    const state = await this.lookupIntent(idempotencyKey);
    if (state.status === 'canceled' || state.status === 'succeeded' || state.status === 'failed')
      return state;
    throw new GatewayUnavailableError(`Stripe intent still ${state.status} after cancel`);
  }

  async lookupIntent(idempotencyKey: string): Promise<IntentState> {
    const known = await this.keys.find(idempotencyKey);
    if (!known?.intentId) return known?.canceled ? { status: 'canceled' } : { status: 'not_found' };
    const intentId = known.intentId;
    const intent = await this.call(() => this.stripe.paymentIntents.retrieve(intentId));
    return stateOfIntent(intent);
  }

  async refund(request: RefundRequest): Promise<{ refundId: string }> {
    const known = await this.keys.find(request.chargeKey);
    if (!known?.intentId) throw new Error(`no Stripe charge for payment ${request.chargeKey}`);
    const intentId = known.intentId;
    try {
      const refund = await this.call(() =>
        this.stripe.refunds.create(
          {
            payment_intent: intentId,
            amount: Number(request.amountMinor),
            metadata: { settle_refund_id: request.idempotencyKey },
          },
          { idempotencyKey: `settle-refund-${request.idempotencyKey}` },
        ),
      );
      // Stripe may hold a card refund as pending; it is still Stripe's to complete, never undone.
      if (refund.status === 'failed' || refund.status === 'canceled')
        throw new RefundRefused(
          refund.failure_reason ?? `refund_${refund.status}`,
          `Stripe refund ${refund.status}`,
        );
      return { refundId: refund.id };
    } catch (error) {
      // A 4xx (more than is left, a charge already refunded): a no, nothing refunded.
      if (error instanceof Stripe.errors.StripeInvalidRequestError)
        throw new RefundRefused(
          error.code ?? 'invalid_request',
          `Stripe refused the refund: ${error.message}`,
        );
      throw error;
    }
  }

  async findCharges(idempotencyKeys: readonly string[]): Promise<ProcessorCharge[]> {
    const charges: ProcessorCharge[] = [];
    for (const key of idempotencyKeys) {
      const known = await this.keys.find(key);
      if (!known?.intentId) continue;
      const intentId = known.intentId;
      const intent = await this.call(() =>
        this.stripe.paymentIntents.retrieve(intentId, { expand: ['latest_charge'] }),
      );
      if (intent.status !== 'succeeded') continue;
      const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
      charges.push({
        idempotencyKey: key,
        amountMinor: BigInt(intent.amount_received),
        refundedMinor: BigInt(charge?.amount_refunded ?? 0),
        currency: intent.currency.toUpperCase(),
        createdAt: new Date(intent.created * 1000),
      });
    }
    return charges;
  }

  private async retrieveMethod(token: string): Promise<Stripe.PaymentMethod | null> {
    try {
      return await this.call(() => this.stripe.paymentMethods.retrieve(token));
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing')
        return null;
      throw error;
    }
  }

  /** A confirm's answer must be final or waiting for the cardholder; anything else is not known yet. */
  private final(state: IntentState): ConfirmResult {
    if (state.status === 'requires_confirmation' || state.status === 'not_found')
      throw new GatewayUnavailableError(`Stripe intent is ${state.status} after confirm`);
    return state;
  }

  /** No answer, or Stripe's own failure: the outcome is unknown (a decline or a bad request is an answer). */
  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (
        error instanceof Stripe.errors.StripeConnectionError ||
        error instanceof Stripe.errors.StripeAPIError ||
        error instanceof Stripe.errors.StripeRateLimitError ||
        (error instanceof Stripe.errors.StripeError && (error.statusCode ?? 0) >= 500) ||
        // The same key's first request is still being worked on at Stripe: its outcome is not known yet.
        (error instanceof Stripe.errors.StripeError && error.code === 'idempotency_key_in_use')
      )
        throw new GatewayUnavailableError(`Stripe: ${error.message}`);
      throw error;
    }
  }
}

function isUnexpectedState(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeInvalidRequestError &&
    error.code === 'payment_intent_unexpected_state'
  );
}
