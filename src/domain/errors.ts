// One error type for everything a caller may be refused. The code is the contract: the HTTP layer
// maps it to a status (src/http/errors.ts) and renders its message in the caller's language.

export const errorCodes = [
  'validation_failed',
  'idempotency_key_missing',
  'idempotency_key_invalid',
  'card_number_invalid',
  'card_expiry_invalid',
  'card_expired',
  'card_expired_not_owner',
  'card_cvc_invalid',
  'cardholder_name_missing',
  'card_token_invalid',
  'unauthenticated',
  'invalid_credentials',
  'card_declined',
  'insufficient_funds',
  'expired_card',
  'processing_error',
  'authentication_required',
  'authentication_failed',
  'payment_not_charged',
  'permission_denied',
  'card_not_owner',
  'subscription_not_found',
  'payment_method_not_found',
  'not_found',
  'idempotency_key_in_use',
  'nothing_to_settle',
  'balance_changed',
  'payment_in_progress',
  'payment_method_in_use',
  'subscription_past_due',
  'subscription_deleted',
  'idempotency_key_reused',
  'rate_limited',
  'second_factor_required',
  'second_factor_invalid',
  'second_factor_setup_required',
  'passkey_invalid',
  'api_key_invalid',
  'api_key_read_only',
  'tax_id_invalid',
  'email_taken',
  'link_invalid',
  'password_too_weak',
  'balance_outstanding',
  'last_global_admin',
  'reauthentication_required',
  'mfa_required_by_organization',
  'mfa_unavailable',
  'webhook_url_invalid',
  'webhook_url_private',
  'webhook_url_unresolvable',
  'webhook_endpoint_not_found',
  'webhook_endpoint_disabled',
  'event_not_found',
  'webhooks_unavailable',
  'webhook_signature_invalid',
  'processor_unavailable',
  'card_expiry_unchangeable',
  'subscription_already_active',
  'product_archived',
  'passkey_exists',
  'internal_error',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    readonly details: Record<string, unknown> = {},
  ) {
    super(code);
  }
}
