import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import {
  ApiError,
  type Locale,
  newIdempotencyKey,
  type PaymentResult,
  type SettleRequest,
  sendJson,
} from '../api.js';
import { useT } from '../i18n/use-t.js';
import { useProcessor } from '../processor.js';
import type { ExpiryEdit } from './CardChoice.js';
import {
  CardFieldErrors,
  type NewCardErrors,
  type NewCardFields,
  tokenizeNewCard,
  useNewCardMessages,
} from './NewCardForm.js';

/** What the admin chose in the drawer: a saved card (maybe with a new expiry) or a new one. */
export interface SettleChoice {
  selected: string | 'new';
  expiryEdit: ExpiryEdit | null;
  newCard: NewCardFields;
}

export interface SettleFailure {
  title: string;
  message: string;
}

/** The bank's challenge the admin is taking in the drawer (3-D Secure). */
export interface SettleChallenge {
  paymentId: string;
  /** The bank's page to frame in the drawer; null when the processor's script shows it (Stripe). */
  url: string | null;
}

/**
 * Save in the settle drawer: tokenize a new card at the processor, send the whole balance with one
 * Idempotency-Key, and turn every refusal into what the admin reads (a decline's reason, a field to
 * fix, or the server's own words). When the bank asks the admin to confirm, the challenge is shown
 * and, once it ends, Settle is asked how the payment ended.
 */
export function useSettle(options: {
  subscriptionId: string;
  amountDueMinor: number;
  onSettled: (result: PaymentResult) => void;
  onBalanceMoved: () => void;
}) {
  const t = useT();
  const intl = useIntl();
  const [fieldErrors, setFieldErrors] = useState<NewCardErrors>({});
  const [failure, setFailure] = useState<SettleFailure | null>(null);
  const [challenge, setChallenge] = useState<SettleChallenge | null>(null);
  const cardMessages = useNewCardMessages();
  const processor = useProcessor();

  const onError = (error: Error) => {
    setChallenge(null);
    if (error instanceof CardFieldErrors) return setFieldErrors(error.fields);
    if (!(error instanceof ApiError))
      return setFailure({ title: t('settle.errorTitle'), message: t('common.error') });
    if (error.code === 'balance_changed' || error.code === 'payment_in_progress') options.onBalanceMoved();
    // The bank did not confirm (a failed or abandoned challenge): not a decline, nothing was charged and
    // the same card may be tried again, as the server's own words say.
    if (error.code === 'authentication_failed') {
      options.onBalanceMoved();
      return setFailure({ title: t('settle.notConfirmedTitle'), message: error.message });
    }
    if (error.status === 402 && error.code !== 'payment_not_charged') {
      // The attempt is now on record: refresh the page behind the panel.
      options.onBalanceMoved();
      const reason = t.known(`decline.${error.code}`) ?? t('decline.card_declined');
      return setFailure({
        title: t('settle.declinedTitle'),
        message: t('settle.declinedBody', { reason }),
      });
    }
    // Not charged (the processor never took it) is not a decline: the server's words say what to do.
    if (error.code === 'payment_not_charged') options.onBalanceMoved();
    setFailure({ title: t('settle.errorTitle'), message: error.message });
  };
  const onAnswer = (result: PaymentResult) => {
    if (result.status === 'requires_action' && result.nextAction?.kind === 'redirect') {
      const url = new URL(result.nextAction.url, window.location.origin);
      // The sandbox's page is Settle's own and speaks the admin's language; a processor's page
      // (TapPay's payment_url) is framed exactly as given.
      if (url.origin !== window.location.origin)
        return setChallenge({ paymentId: result.paymentId, url: url.href });
      url.searchParams.set('lang', intl.locale);
      return setChallenge({ paymentId: result.paymentId, url: url.pathname + url.search });
    }
    const publishableKey = processor.data?.publishableKey;
    if (
      result.status === 'requires_action' &&
      result.nextAction?.kind === 'processor_script' &&
      publishableKey
    ) {
      // Stripe.js shows the bank's challenge in its own frame; then Settle asks Stripe how it ended.
      const clientSecret = result.nextAction.clientSecret;
      setChallenge({ paymentId: result.paymentId, url: null });
      void import('./StripeCardFields.js')
        .then(({ finishWithStripe }) => finishWithStripe(publishableKey, clientSecret))
        .finally(() => complete.mutate(result.paymentId));
      return;
    }
    setChallenge(null);
    options.onSettled(result);
  };

  // The challenge's page says when it has ended; only a message from this origin about this payment counts.
  const complete = useMutation({
    mutationFn: (paymentId: string) =>
      sendJson<PaymentResult>('POST', `/api/payments/${paymentId}/complete`, {}, newIdempotencyKey()),
    onSuccess: onAnswer,
    onError,
  });
  const paymentId = challenge?.paymentId;
  useEffect(() => {
    if (!paymentId) return;
    const listener = (event: MessageEvent) => {
      const data = event.data as { type?: unknown; paymentId?: unknown } | null;
      if (event.origin !== window.location.origin || data?.type !== 'settle.challenge_ended') return;
      if (data.paymentId === paymentId) complete.mutate(paymentId);
    };
    window.addEventListener('message', listener);
    return () => window.removeEventListener('message', listener);
  }, [paymentId, complete.mutate]);

  const save = useMutation({
    mutationFn: async (choice: SettleChoice) => {
      // One key per Save: the client's id for this action, reused if the network makes it resend.
      const idempotencyKey = newIdempotencyKey();
      const card: SettleRequest['card'] =
        choice.selected === 'new'
          ? { kind: 'new', token: await tokenizeNewCard(choice.newCard, cardMessages, intl.locale as Locale) }
          : {
              kind: 'existing',
              paymentMethodId: choice.selected,
              ...(choice.expiryEdit ? { newExpiry: choice.expiryEdit } : {}),
            };
      const body: SettleRequest = { expectedAmountMinor: options.amountDueMinor, card };
      return sendJson<PaymentResult>(
        'POST',
        `/api/subscriptions/${options.subscriptionId}/settle`,
        body,
        idempotencyKey,
      );
    },
    onMutate: () => {
      setFailure(null);
      setFieldErrors({});
    },
    onSuccess: onAnswer,
    onError,
  });
  return {
    save,
    failure,
    clearFailure: () => setFailure(null),
    fieldErrors,
    challenge,
    completing: complete.isPending,
  };
}
