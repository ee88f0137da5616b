import { Field, Text, tokens } from '@fluentui/react-components';
import { CardElement, Elements, useElements, useStripe } from '@stripe/react-stripe-js';
import type { Stripe } from '@stripe/stripe-js';
// The pure entry loads Stripe.js only when loadStripe is called, never as a side effect of importing.
import { loadStripe } from '@stripe/stripe-js/dist/pure.mjs';
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { type CardCollection, newIdempotencyKey, sendJson } from '../api.js';
import { useT } from '../i18n/use-t.js';
import type { CardCollector } from './card-collector.js';

// Stripe mode only (SETTLE_PROCESSOR=stripe): the card number, expiry and CVC are typed into Stripe's
// own frame (Elements), saved with a SetupIntent on the organization's customer, and Settle receives
// only the saved card's id. Stripe.js is loaded from js.stripe.com the first time this is shown; in
// sandbox mode this module is never loaded.

const loaded = new Map<string, Promise<Stripe | null>>();

/** Stripe.js for a publishable key, loaded once. */
export function stripeFor(publishableKey: string): Promise<Stripe | null> {
  const known = loaded.get(publishableKey);
  if (known) return known;
  const stripe = loadStripe(publishableKey);
  loaded.set(publishableKey, stripe);
  return stripe;
}

/** The bank's challenge for a charge Settle made (3-D Secure), shown by Stripe.js in its own frame. */
export async function finishWithStripe(publishableKey: string, clientSecret: string): Promise<void> {
  const stripe = await stripeFor(publishableKey);
  // Whatever the cardholder did, Settle asks Stripe how it ended (…/complete): nothing is read from here.
  await stripe?.handleNextAction({ clientSecret });
}

export default function StripeCardFields(props: {
  publishableKey: string;
  collector: CardCollector;
  error: string | undefined;
}) {
  const intl = useIntl();
  const stripe = stripeFor(props.publishableKey);
  return (
    <Elements stripe={stripe} options={{ locale: intl.locale === 'zh-TW' ? 'zh-TW' : 'en' }}>
      <CardFields collector={props.collector} error={props.error} />
    </Elements>
  );
}

function CardFields(props: { collector: CardCollector; error: string | undefined }) {
  const t = useT();
  const stripe = useStripe();
  const elements = useElements();
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (!stripe || !elements) return;
    props.collector.collect = async (name: string) => {
      const card = elements.getElement(CardElement);
      if (!card) throw new Error('the card form is not ready');
      const form = await sendJson<CardCollection>(
        'POST',
        '/api/payment-methods/card-form',
        {},
        newIdempotencyKey(),
      );
      if (form.processor !== 'stripe') throw new Error('the processor changed');
      const result = await stripe.confirmCardSetup(form.clientSecret, {
        payment_method: { card, billing_details: { name } },
      });
      if (result.error || typeof result.setupIntent?.payment_method !== 'string')
        return { error: result.error?.message ?? t('common.error') };
      return { token: result.setupIntent.payment_method };
    };
    return () => {
      props.collector.collect = null;
    };
  }, [stripe, elements, props.collector, t]);
  return (
    <Field label={t('settle.cardDetails')} required validationMessage={props.error}>
      <div
        style={{
          padding: '7px 10px',
          borderRadius: tokens.borderRadiusMedium,
          border: `1px solid ${focused ? tokens.colorBrandStroke1 : tokens.colorNeutralStroke1}`,
          background: tokens.colorNeutralBackground1,
        }}
      >
        <CardElement
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          options={{ hidePostalCode: true, style: { base: { fontSize: '14px' } } }}
        />
      </div>
      <Text size={200}>{t('settle.stripeNote')}</Text>
    </Field>
  );
}
