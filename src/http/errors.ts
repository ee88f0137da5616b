// One error type for everything a caller may be refused. The code is the contract; the message
// is rendered in the caller's language by the error handler.

export const errorStatus = {
  validation_failed: 400,
  idempotency_key_missing: 400,
  card_number_invalid: 400,
  card_expiry_invalid: 400,
  card_expired: 400,
  card_cvc_invalid: 400,
  cardholder_name_missing: 400,
  card_token_invalid: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  card_declined: 402,
  insufficient_funds: 402,
  expired_card: 402,
  processing_error: 402,
  permission_denied: 403,
  card_not_owner: 403,
  subscription_not_found: 404,
  payment_method_not_found: 404,
  not_found: 404,
  idempotency_key_in_use: 409,
  nothing_to_settle: 409,
  balance_changed: 409,
  payment_in_progress: 409,
  payment_method_in_use: 409,
  subscription_past_due: 409,
  subscription_deleted: 409,
  idempotency_key_reused: 422,
  rate_limited: 429,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    readonly details: Record<string, unknown> = {},
  ) {
    super(code);
  }

  get status(): number {
    return errorStatus[this.code];
  }
}
