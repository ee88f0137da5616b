import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { parseStripeForm } from './form-body.js';

// A local Stripe that speaks the part of the v1 API Settle uses, as Stripe's API reference describes
// it: customers, setup intents, payment methods (retrieve, update), payment intents (create, confirm,
// retrieve, cancel), refunds; Idempotency-Key replays (and idempotency_error for other parameters),
// card errors as 402 with code and decline_code, 3-D Secure as requires_action / use_stripe_sdk, and
// signed webhooks (Stripe-Signature, made by the SDK's own test helper). Stripe's test card numbers
// behave as in test mode. What Stripe.js does in the browser (saving a card with a SetupIntent,
// answering a challenge) the tests do through createPaymentMethod and answerChallenge.

type Behavior =
  | { kind: 'succeed' }
  | { kind: 'decline'; code: string; declineCode?: string }
  | { kind: 'authenticate'; offSessionToo: boolean };

const testCards: Record<string, Behavior> = {
  '4242424242424242': { kind: 'succeed' },
  '5555555555554444': { kind: 'succeed' },
  '4000000000000002': { kind: 'decline', code: 'card_declined', declineCode: 'generic_decline' },
  '4000000000009995': { kind: 'decline', code: 'card_declined', declineCode: 'insufficient_funds' },
  '4000000000000069': { kind: 'decline', code: 'expired_card' },
  '4000000000000119': { kind: 'decline', code: 'processing_error' },
  '4000002760003184': { kind: 'authenticate', offSessionToo: true },
  '4000002500003155': { kind: 'authenticate', offSessionToo: false },
};

/** Stripe's named test PaymentMethods, as test mode knows them. */
const stripeTestPaymentMethods: Record<string, string> = {
  pm_card_visa: '4242424242424242',
  pm_card_mastercard: '5555555555554444',
  pm_card_chargeDeclined: '4000000000000002',
};

/** What the next matching request meets on its way. */
export type StripeFault =
  | { kind: 'server_error' }
  | { kind: 'timeout' }
  /** Done at "Stripe", then the connection drops before the answer. */
  | { kind: 'reply_lost' }
  | { kind: 'latency'; ms: number };

interface Intent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  customer: string | null;
  payment_method: string;
  status: string;
  client_secret: string;
  latest_charge: string | null;
  last_payment_error: Record<string, unknown> | null;
  next_action: Record<string, unknown> | null;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
}

interface Card {
  id: string;
  object: 'payment_method';
  type: 'card';
  customer: string | null;
  card: { brand: string; last4: string; exp_month: number; exp_year: number };
  billing_details: { name: string | null };
  behavior: Behavior;
}

class StripeErrorReply {
  constructor(
    readonly status: number,
    readonly error: Record<string, unknown>,
  ) {}
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

export class FakeStripe {
  readonly secretKey = 'sk_test_fake';
  readonly publishableKey = 'pk_test_fake';
  readonly webhookSecret = 'whsec_fake';
  /** Where signed events go (Settle's /webhooks/stripe); null sends none. */
  webhookUrl: string | null = null;
  /** Sent before the confirm's answer leaves, or after it. */
  webhookTiming: 'before_reply' | 'after_reply' = 'after_reply';
  readonly customers = new Map<string, { id: string; name: string }>();
  readonly paymentMethods = new Map<string, Card>();
  readonly intents = new Map<string, Intent>();
  readonly charges = new Map<
    string,
    { id: string; amount: number; amount_refunded: number; payment_intent: string }
  >();
  readonly refunds = new Map<string, { id: string; amount: number; payment_intent: string }>();
  /** Every request, as "METHOD /path". */
  readonly requests: string[] = [];
  /** Every request Stripe acted on, once it had (a late one included). */
  readonly answered: string[] = [];
  private readonly idempotent = new Map<string, { hash: string; status: number; body: string }>();
  private readonly faults: { path: RegExp; fault: StripeFault }[] = [];
  private readonly inProgress = new Set<string>();
  private readonly pendingWebhooks = new Set<Promise<void>>();
  private readonly server = createServer((request, response) => void this.handle(request, response));
  port = 0;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.pendingWebhooks]);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next request whose "METHOD /path" matches meets this fault (once). */
  injectFault(path: RegExp, fault: StripeFault): void {
    this.faults.push({ path, fault });
  }

  /** Webhooks still on their way (tests wait for them). */
  async webhooksDelivered(): Promise<void> {
    await Promise.allSettled([...this.pendingWebhooks]);
  }

  /** What Stripe.js and confirmCardSetup leave behind: a card saved on the customer. */
  createPaymentMethod(options: {
    number: string;
    customer: string | null;
    expMonth?: number;
    expYear?: number;
    name?: string;
  }): string {
    const digits = options.number.replace(/\D/g, '');
    const card: Card = {
      id: id('pm'),
      object: 'payment_method',
      type: 'card',
      customer: options.customer,
      card: {
        brand: digits.startsWith('5') ? 'mastercard' : 'visa',
        last4: digits.slice(-4),
        exp_month: options.expMonth ?? 12,
        exp_year: options.expYear ?? new Date().getUTCFullYear() + 3,
      },
      billing_details: { name: options.name ?? 'TEST CARD' },
      behavior: testCards[digits] ?? { kind: 'succeed' },
    };
    this.paymentMethods.set(card.id, card);
    return card.id;
  }

  /** The customer a setup intent's client secret was made for (the browser's side of a SetupIntent). */
  customerOfClientSecret(clientSecret: string): string | null {
    return this.setupIntents.get(clientSecret) ?? null;
  }

  private readonly setupIntents = new Map<string, string>();

  /** The cardholder answers the bank (Stripe.js's handleNextAction): the intent ends, and Stripe says so. */
  async answerChallenge(intentId: string, passed: boolean): Promise<void> {
    const intent = this.intents.get(intentId);
    if (intent?.status !== 'requires_action')
      throw new Error(`intent ${intentId} is not waiting for a challenge`);
    intent.next_action = null;
    if (passed) this.succeed(intent);
    else {
      intent.status = 'requires_payment_method';
      intent.last_payment_error = {
        type: 'invalid_request_error',
        code: 'payment_intent_authentication_failure',
        message: 'The provided PaymentMethod has failed authentication.',
      };
    }
    await this.notify(intent);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Stripe answers a request whose Idempotency-Key is still being worked on with a 409 (its docs'
    // idempotency_key_in_use), never by doing the work a second time.
    const key = request.headers['idempotency-key'];
    const keyed = typeof key === 'string' && request.method === 'POST' ? key : null;
    if (keyed && this.inProgress.has(keyed))
      return this.send(response, 409, {
        error: {
          type: 'invalid_request_error',
          code: 'idempotency_key_in_use',
          message: 'There is currently another in-progress request using this Idempotency Key.',
        },
      });
    if (keyed) this.inProgress.add(keyed);
    try {
      await this.handleOne(request, response);
    } finally {
      if (keyed) this.inProgress.delete(keyed);
    }
  }

  private async handleOne(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', 'http://fake');
    const line = `${request.method} ${url.pathname}`;
    this.requests.push(line);
    const faultAt = this.faults.findIndex((entry) => entry.path.test(line));
    const fault = faultAt >= 0 ? this.faults.splice(faultAt, 1)[0]?.fault : undefined;
    if (fault?.kind === 'timeout') return; // never answered: the client's timeout decides
    if (fault?.kind === 'latency') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === 'server_error')
      return this.send(response, 500, { error: { type: 'api_error', message: 'fake 500' } });
    if (request.headers.authorization !== `Bearer ${this.secretKey}`)
      return this.send(response, 401, {
        error: { type: 'invalid_request_error', message: 'Invalid API Key provided' },
      });
    const params =
      request.method === 'GET'
        ? parseStripeForm(url.search.slice(1))
        : parseStripeForm(Buffer.concat(chunks).toString());
    const key = request.headers['idempotency-key'];
    const hash = createHash('sha256').update(line).update(JSON.stringify(params)).digest('hex');
    const replay = typeof key === 'string' ? this.idempotent.get(key) : undefined;
    let status: number;
    let body: string;
    let events: Intent[] = [];
    if (replay && replay.hash !== hash) {
      status = 400;
      body = JSON.stringify({
        error: {
          type: 'idempotency_error',
          message:
            'Keys for idempotent requests can only be used with the same parameters they were first used with.',
        },
      });
    } else if (replay) {
      ({ status, body } = replay);
    } else {
      const result = this.route(request.method ?? 'GET', url.pathname, params);
      this.answered.push(line);
      status = result.status;
      body = JSON.stringify(result.body);
      events = result.events;
      if (typeof key === 'string' && request.method === 'POST')
        this.idempotent.set(key, { hash, status, body });
    }
    if (this.webhookTiming === 'before_reply') for (const intent of events) await this.notify(intent);
    if (fault?.kind === 'reply_lost') {
      request.socket.destroy();
    } else {
      response.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
      response.end(body);
    }
    if (this.webhookTiming === 'after_reply') for (const intent of events) void this.notify(intent);
  }

  private send(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }

  private route(
    method: string,
    path: string,
    params: Record<string, unknown>,
  ): { status: number; body: unknown; events: Intent[] } {
    try {
      const events: Intent[] = [];
      const body = this.act(method, path, params, events);
      return { status: 200, body, events };
    } catch (error) {
      if (error instanceof StripeErrorReply) {
        const intent = error.error.payment_intent as Intent | undefined;
        // A decline is an event at Stripe (payment_failed); a refused request is not.
        return {
          status: error.status,
          body: { error: error.error },
          events: intent && error.status === 402 ? [intent] : [],
        };
      }
      throw error;
    }
  }

  private act(method: string, path: string, params: Record<string, unknown>, events: Intent[]): unknown {
    const [, , resource, objectId, action] = path.split('/');
    if (method === 'POST' && resource === 'customers' && !objectId) {
      const customer = {
        id: id('cus'),
        object: 'customer',
        name: String(params.name ?? ''),
        metadata: params.metadata ?? {},
      };
      this.customers.set(customer.id, customer);
      return customer;
    }
    if (method === 'POST' && resource === 'setup_intents' && !objectId) {
      const customer = String(params.customer ?? '');
      if (!this.customers.has(customer)) throw missing('customer', customer);
      const setupId = id('seti');
      const clientSecret = `${setupId}_secret_${randomBytes(8).toString('hex')}`;
      this.setupIntents.set(clientSecret, customer);
      return {
        id: setupId,
        object: 'setup_intent',
        customer,
        usage: params.usage,
        status: 'requires_payment_method',
        client_secret: clientSecret,
      };
    }
    // Stripe's test PaymentMethods (pm_card_visa …) attach as a fresh card on the customer.
    if (method === 'POST' && resource === 'payment_methods' && action === 'attach') {
      const customer = String(params.customer ?? '');
      if (!this.customers.has(customer)) throw missing('customer', customer);
      const testNumber = stripeTestPaymentMethods[objectId ?? ''];
      const existing = this.paymentMethods.get(objectId ?? '');
      if (!testNumber && !existing) throw missing('payment_method', String(objectId));
      if (existing) {
        existing.customer = customer;
        const { behavior: _behavior, ...shown } = existing;
        return shown;
      }
      const attached = this.paymentMethods.get(
        this.createPaymentMethod({ number: testNumber ?? '', customer }),
      );
      const { behavior: _behavior, ...shown } = attached as Card;
      return shown;
    }
    if (resource === 'payment_methods' && objectId) {
      const card = this.paymentMethods.get(objectId);
      if (!card) throw missing('payment_method', objectId);
      if (method === 'POST') {
        const update = (params.card ?? {}) as Record<string, string>;
        if (update.exp_month) card.card.exp_month = Number(update.exp_month);
        if (update.exp_year) card.card.exp_year = Number(update.exp_year);
      }
      const { behavior: _behavior, ...shown } = card;
      return shown;
    }
    if (resource === 'payment_intents') return this.intentAction(method, objectId, action, params, events);
    if (method === 'POST' && resource === 'refunds') return this.refund(params);
    throw new StripeErrorReply(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path})`,
    });
  }

  private intentAction(
    method: string,
    intentId: string | undefined,
    action: string | undefined,
    params: Record<string, unknown>,
    events: Intent[],
  ): unknown {
    if (method === 'POST' && !intentId) {
      const amount = Number(params.amount);
      if (!Number.isInteger(amount) || amount < 1) throw invalid('amount', 'Invalid positive integer');
      const card = this.paymentMethods.get(String(params.payment_method ?? ''));
      if (!card) throw missing('payment_method', String(params.payment_method));
      if (card.customer && params.customer !== card.customer)
        throw invalid('customer', 'The provided PaymentMethod is attached to another customer.');
      const intent: Intent = {
        id: id('pi'),
        object: 'payment_intent',
        amount,
        amount_received: 0,
        currency: String(params.currency),
        customer: (params.customer as string | undefined) ?? null,
        payment_method: card.id,
        status: 'requires_confirmation',
        client_secret: '',
        latest_charge: null,
        last_payment_error: null,
        next_action: null,
        metadata: (params.metadata as Record<string, string> | undefined) ?? {},
        created: now(),
        livemode: false,
      };
      intent.client_secret = `${intent.id}_secret_${randomBytes(8).toString('hex')}`;
      this.intents.set(intent.id, intent);
      return intent;
    }
    const intent = this.intents.get(intentId ?? '');
    if (!intent) throw missing('payment_intent', String(intentId));
    if (method === 'GET') return this.shown(intent, params);
    if (action === 'confirm') {
      if (intent.status !== 'requires_confirmation') throw unexpectedState(intent);
      this.confirm(intent, params.off_session === 'true');
      events.push(intent);
      return intent;
    }
    if (action === 'cancel') {
      if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(intent.status))
        throw unexpectedState(intent);
      intent.status = 'canceled';
      intent.next_action = null;
      events.push(intent);
      return intent;
    }
    throw new StripeErrorReply(404, { type: 'invalid_request_error', message: 'Unrecognized request URL' });
  }

  private confirm(intent: Intent, offSession: boolean): void {
    const card = this.paymentMethods.get(intent.payment_method);
    const behavior = card?.behavior ?? { kind: 'decline', code: 'card_declined' };
    const expired =
      card &&
      card.card.exp_year * 12 + card.card.exp_month <
        new Date().getUTCFullYear() * 12 + new Date().getUTCMonth() + 1;
    if (expired) this.decline(intent, { code: 'expired_card' });
    if (behavior.kind === 'decline') this.decline(intent, behavior);
    if (behavior.kind === 'authenticate') {
      if (offSession && behavior.offSessionToo)
        this.decline(intent, { code: 'authentication_required', declineCode: 'authentication_required' });
      if (!offSession) {
        intent.status = 'requires_action';
        intent.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect' } };
        return;
      }
    }
    this.succeed(intent);
  }

  private succeed(intent: Intent): void {
    const charge = { id: id('ch'), amount: intent.amount, amount_refunded: 0, payment_intent: intent.id };
    this.charges.set(charge.id, charge);
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    intent.latest_charge = charge.id;
  }

  private decline(intent: Intent, behavior: { code: string; declineCode?: string }): never {
    const error = {
      type: 'card_error',
      code: behavior.code,
      ...(behavior.declineCode ? { decline_code: behavior.declineCode } : {}),
      message: 'Your card was declined.',
    };
    intent.status = 'requires_payment_method';
    intent.last_payment_error = error;
    throw new StripeErrorReply(402, { ...error, payment_intent: intent });
  }

  private refund(params: Record<string, unknown>): unknown {
    const intent = this.intents.get(String(params.payment_intent ?? ''));
    if (!intent) throw missing('payment_intent', String(params.payment_intent));
    const charge = intent.latest_charge ? this.charges.get(intent.latest_charge) : undefined;
    if (!charge)
      throw invalid('payment_intent', 'This PaymentIntent does not have a successful charge to refund.');
    const amount =
      params.amount === undefined ? charge.amount - charge.amount_refunded : Number(params.amount);
    if (charge.amount_refunded + amount > charge.amount)
      throw invalid('amount', `Refund amount (${amount}) is greater than unrefunded amount on charge`);
    charge.amount_refunded += amount;
    const refund = {
      id: id('re'),
      object: 'refund',
      amount,
      payment_intent: intent.id,
      charge: charge.id,
      status: 'succeeded',
    };
    this.refunds.set(refund.id, refund);
    return refund;
  }

  private shown(intent: Intent, params: Record<string, unknown>): unknown {
    const expand = (params.expand as string[] | undefined) ?? [];
    if (expand.includes('latest_charge') && intent.latest_charge)
      return { ...intent, latest_charge: { object: 'charge', ...this.charges.get(intent.latest_charge) } };
    return intent;
  }

  private async notify(intent: Intent): Promise<void> {
    if (!this.webhookUrl) return;
    const type =
      intent.status === 'succeeded'
        ? 'payment_intent.succeeded'
        : intent.status === 'canceled'
          ? 'payment_intent.canceled'
          : intent.status === 'requires_action'
            ? 'payment_intent.requires_action'
            : 'payment_intent.payment_failed';
    const payload = JSON.stringify({
      id: id('evt'),
      object: 'event',
      type,
      api_version: Stripe.API_VERSION,
      created: now(),
      data: { object: { ...intent } },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    });
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: this.webhookSecret });
    const url = this.webhookUrl;
    const delivery = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      body: payload,
    }).then(
      (reply) => void reply.arrayBuffer(),
      () => undefined,
    );
    this.pendingWebhooks.add(delivery);
    await delivery;
    this.pendingWebhooks.delete(delivery);
  }
}

function missing(kind: string, value: string): StripeErrorReply {
  return new StripeErrorReply(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${kind}: '${value}'`,
  });
}

function invalid(param: string, message: string): StripeErrorReply {
  return new StripeErrorReply(400, {
    type: 'invalid_request_error',
    code: 'parameter_invalid',
    param,
    message,
  });
}

function unexpectedState(intent: Intent): StripeErrorReply {
  return new StripeErrorReply(400, {
    type: 'invalid_request_error',
    code: 'payment_intent_unexpected_state',
    message: `This PaymentIntent's status is ${intent.status}.`,
    payment_intent: intent,
  });
}
