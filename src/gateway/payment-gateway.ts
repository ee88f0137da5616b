// The only door to a card processor. Settle never sees a card number: the browser hands it to
// the processor's tokenizer, and Settle keeps the token, brand, last 4 and expiry.

export type DeclineCode = 'card_declined' | 'insufficient_funds' | 'expired_card' | 'processing_error';

export type ChargeOutcome =
  | { status: 'succeeded'; chargeId: string }
  | { status: 'failed'; declineCode: DeclineCode };

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
}

export interface PaymentGateway {
  getCard(token: string): Promise<CardDetails | null>;
  updateCardExpiry(token: string, expiry: { expMonth: number; expYear: number }): Promise<void>;
  /** Resolves with the outcome, or throws GatewayUnavailableError when the outcome is not known. */
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  /** What became of a charge key: the truth that reconciliation applies. */
  lookupCharge(idempotencyKey: string): Promise<ChargeOutcome | { status: 'not_found' }>;
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
