import type Stripe from 'stripe';
import type { DeclineCode, IntentState } from '../payment-gateway.js';

// Stripe's words, translated: a PaymentIntent's status and its last error become Settle's states.

/** The decline a Stripe card error stands for (its code, or for card_declined its decline_code). */
export function declineOf(
  error: { code?: string | null; decline_code?: string | null } | null | undefined,
): DeclineCode {
  const code = error?.code ?? '';
  if (code === 'authentication_required') return 'authentication_required';
  if (code === 'payment_intent_authentication_failure') return 'authentication_failed';
  if (code === 'expired_card') return 'expired_card';
  if (code === 'processing_error') return 'processing_error';
  if (code === 'card_declined') {
    const reason = error?.decline_code ?? '';
    if (reason === 'insufficient_funds') return 'insufficient_funds';
    if (reason === 'expired_card') return 'expired_card';
    if (reason === 'authentication_required') return 'authentication_required';
    if (reason === 'processing_error') return 'processing_error';
  }
  return 'card_declined';
}

/** What a PaymentIntent's current status means for the Settle payment it stands for. */
export function stateOfIntent(intent: Stripe.PaymentIntent): IntentState {
  switch (intent.status) {
    case 'succeeded': {
      const charge = intent.latest_charge;
      return {
        status: 'succeeded',
        chargeId: typeof charge === 'string' ? charge : (charge?.id ?? intent.id),
      };
    }
    case 'canceled':
      return { status: 'canceled' };
    case 'requires_action':
      // The browser's Stripe.js finishes it (handleNextAction) with the intent's client secret.
      return intent.client_secret
        ? {
            status: 'requires_action',
            nextAction: { kind: 'processor_script', clientSecret: intent.client_secret },
          }
        : { status: 'requires_confirmation' };
    case 'requires_payment_method':
      // After a confirm, this is a decline (or a failed challenge); before one, nothing was tried.
      return intent.last_payment_error
        ? { status: 'failed', declineCode: declineOf(intent.last_payment_error) }
        : { status: 'requires_confirmation' };
    default:
      // requires_confirmation, processing, requires_capture: not final yet.
      return { status: 'requires_confirmation' };
  }
}
