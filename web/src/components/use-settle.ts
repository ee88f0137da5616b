import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
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

/**
 * Save in the settle drawer: tokenize a new card at the processor, send the whole balance with one
 * Idempotency-Key, and turn every refusal into what the admin reads (a decline's reason, a field to
 * fix, or the server's own words).
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
  const cardMessages = useNewCardMessages();

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
    onSuccess: (result) => options.onSettled(result),
    onError: (error) => {
      if (error instanceof CardFieldErrors) return setFieldErrors(error.fields);
      if (!(error instanceof ApiError))
        return setFailure({ title: t('settle.errorTitle'), message: t('common.error') });
      if (error.code === 'balance_changed' || error.code === 'payment_in_progress') options.onBalanceMoved();
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
    },
  });
  return { save, failure, clearFailure: () => setFailure(null), fieldErrors };
}
