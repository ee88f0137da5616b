// The only door to a card processor. Settle never sees a card number: the browser hands it to
// the processor's tokenizer, and Settle keeps the token, brand, last 4 and expiry.
//
// The contract, for every adapter:
// - Every money-moving call is keyed by Settle's own id (a payment's id, a refund's id), the
//   processor's idempotency key: asked twice, or by two processes at once, it acts at most once and
//   answers the second time with the first time's result.
// - A charge is a two-step intent. createIntent moves no money. confirmIntent charges at most once.
//   cancelIntent is the authoritative "no": after it, a confirm that arrives late (a slow network, a
//   process that woke up) is refused, and cancelIntent itself answers with the intent's final state,
//   so if the charge had already happened it says so instead of pretending to cancel.
// - A call that times out, loses its reply or gets a 5xx throws GatewayUnavailableError: the outcome
//   is unknown, never assumed. Settle records it as unknown and reconciliation asks again (lookup),
//   and only cancelIntent's answer turns "never seen" into "not charged".
// - Declines are answers, not errors: { status: 'failed', declineCode }.
// - 3-D Secure: a charge made with the cardholder present (offSession false) may answer
//   requires_action with the step the browser takes (a page to show, or the processor's own script).
//   The intent stays open until the cardholder finishes; lookupIntent then tells the final outcome.
//   A charge made without them (offSession true: renewals, retries) never waits: a card that needs
//   its holder is declined with authentication_required.
// - Adapters translate; they hold no business rules and never touch Settle's tables.

export type DeclineCode =
  | 'card_declined'
  | 'insufficient_funds'
  | 'expired_card'
  | 'processing_error'
  /** Off-session: the bank wants the cardholder to confirm; settling the balance on-session can. */
  | 'authentication_required'
  /** The cardholder failed (or refused) the bank's challenge. */
  | 'authentication_failed';

export const declineCodes: readonly DeclineCode[] = [
  'card_declined',
  'insufficient_funds',
  'expired_card',
  'processing_error',
  'authentication_required',
  'authentication_failed',
];

/** What the cardholder's browser does to finish a charge that needs them. */
export type NextAction =
  /** Show this processor page (the bank's challenge); it reports back when done. */
  | { kind: 'redirect'; url: string }
  /** The processor's browser script finishes it with this per-intent secret (never stored). */
  | { kind: 'processor_script'; clientSecret: string };

/** What a processor can do: the admin center offers only these. */
export interface GatewayCapabilities {
  /** A saved card's expiry can be changed at the processor (TapPay's bound cards cannot). */
  updateCardExpiry: boolean;
  /** The processor may ask the cardholder to confirm a charge (3-D Secure). */
  cardholderAuthentication: boolean;
}

/** What became of a charge intent once it is final. */
export type IntentOutcome =
  | { status: 'succeeded'; chargeId: string }
  | { status: 'failed'; declineCode: DeclineCode }
  /** Canceled before any money moved; a confirm after this is refused. */
  | { status: 'canceled' };

export type RequiresAction = { status: 'requires_action'; nextAction: NextAction };

/** A confirm's answer: final, or waiting for the cardholder. */
export type ConfirmResult = IntentOutcome | RequiresAction;

/** What the browser needs to collect a card with the processor's own form: card data never reaches Settle. */
export type CardCollection =
  | { processor: 'sandbox'; tokenizeUrl: string }
  | { processor: 'stripe'; publishableKey: string; clientSecret: string }
  | { processor: 'tappay'; appId: number; appKey: string; serverType: 'sandbox' | 'production' };

/** The processor would not save the card the browser handed over (a bad or used prime, a refused card). */
export class CardSourceRefused extends Error {
  override name = 'CardSourceRefused';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(`card not saved (processor status ${status}): ${message}`);
  }
}

/** A notice that did not come from the processor (bad or missing signature, too old). */
export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
}

export type IntentState =
  | IntentOutcome
  | RequiresAction
  | { status: 'requires_confirmation' }
  | { status: 'not_found' };

export interface CardDetails {
  token: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  cardholderName: string;
}

export interface ChargeRequest {
  /** Settle's payment id: the processor charges at most once per key, however often it is asked. */
  idempotencyKey: string;
  token: string;
  amountMinor: bigint;
  currency: string;
  /** True when the cardholder is not there to confirm (renewals, retries, proration). */
  offSession: boolean;
}

export interface RefundRequest {
  /** Settle's refund id: at most one refund per key. */
  idempotencyKey: string;
  /** The charge's key (the payment id it was made under). */
  chargeKey: string;
  amountMinor: bigint;
}

export interface ProcessorCharge {
  idempotencyKey: string;
  amountMinor: bigint;
  refundedMinor: bigint;
  currency: string;
  createdAt: Date;
}

/** Where a processor's browser script, frames and calls come from: what the pages' CSP lets in. */
export interface BrowserOrigins {
  script: string[];
  frame: string[];
  connect: string[];
}

export interface PaymentGateway {
  readonly name: 'sandbox' | 'stripe' | 'tappay';
  readonly capabilities: GatewayCapabilities;
  /** Its documented origins, for this mode only (the sandbox: none, everything is Settle's own). */
  readonly browserOrigins: BrowserOrigins;
  /** The key the processor's browser script is loaded with (Stripe's pk_…), when it has one. */
  readonly publishableKey?: string;
  /** Prepares the browser's card form (Stripe: a SetupIntent on the organization's customer). */
  prepareCardCollection(organization: { id: string; name: string }): Promise<CardCollection>;
  /**
   * A processor's notice (webhook), verified: the Settle payment ids whose intents changed, for
   * Settle to look up and record. Throws WebhookSignatureError when it is not the processor's.
   */
  readWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<string[]>;
  /**
   * For a processor whose browser form hands over a one-time source instead of a saved card
   * (TapPay's prime): binds it to a card Settle can charge later and answers its token. Throws
   * CardSourceRefused when the processor will not bind it.
   */
  saveCardSource?(
    source: { prime: string },
    owner: { organizationId: string; cardholderName: string; email: string },
  ): Promise<CardDetails>;
  getCard(token: string): Promise<CardDetails | null>;
  updateCardExpiry(token: string, expiry: { expMonth: number; expYear: number }): Promise<void>;
  /** Records what is to be charged; no money moves. Idempotent by key. */
  createIntent(request: ChargeRequest): Promise<void>;
  /**
   * Charges the intent at most once; { status: 'canceled' } when it was canceled first, and
   * requires_action when the cardholder must confirm (asked again, it answers the same).
   */
  confirmIntent(idempotencyKey: string): Promise<ConfirmResult>;
  /**
   * Cancels an intent not yet final (never created, unconfirmed, or waiting for the cardholder) and
   * answers with its final state.
   */
  cancelIntent(idempotencyKey: string): Promise<IntentOutcome>;
  /** What became of an intent, without changing it: the truth reconciliation applies. */
  lookupIntent(idempotencyKey: string): Promise<IntentState>;
  /**
   * Gives money back on a charge; at most once per refund key, however often it is asked. Throws
   * GatewayUnavailableError when unsure, RefundRefused when the processor says no.
   */
  refund(request: RefundRequest): Promise<{ refundId: string }>;
  /** The successful charges made under these keys (any not listed was not charged), with what was refunded. */
  findCharges(idempotencyKeys: readonly string[]): Promise<ProcessorCharge[]>;
  /** Every charge not wholly refunded, net of refunds, when the processor can list them all (the sandbox). */
  succeededCharges?(): Promise<{ idempotencyKey: string; amountMinor: bigint }[]>;
}

/** The processor answered a refund with a no (nothing was refunded): its code says why. */
export class RefundRefused extends Error {
  override name = 'RefundRefused';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Timeout, lost reply, 5xx: the charge may or may not have happened. */
export class GatewayUnavailableError extends Error {
  override name = 'GatewayUnavailableError';
}

export async function withDeadline<T>(work: Promise<T>, deadlineMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new GatewayUnavailableError(`no answer in ${deadlineMs} ms`)),
      deadlineMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Both steps of a charge, as a card payment on the page makes them. */
export async function createAndConfirm(
  gateway: PaymentGateway,
  request: ChargeRequest,
): Promise<ConfirmResult> {
  await gateway.createIntent(request);
  return gateway.confirmIntent(request.idempotencyKey);
}
