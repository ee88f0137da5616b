import { Field, Input, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { lazy, Suspense } from 'react';
import { isExpired, normalizeCardNumber, passesLuhn } from '../../../src/domain/card.js';
import { ApiError, type Locale, tokenizeCard } from '../api.js';
import { useT } from '../i18n/use-t.js';
import { useProcessor } from '../processor.js';
import { cardCollector } from './card-collector.js';

// Loaded only in Stripe mode: in sandbox mode neither its code nor Stripe.js reaches the browser.
const StripeCardFields = lazy(() => import('./StripeCardFields.js'));
const TapPayCardFields = lazy(() => import('./TapPayCardFields.js'));

export interface NewCardFields {
  number: string;
  expiry: string;
  cvc: string;
  name: string;
}

export type NewCardErrors = Partial<Record<keyof NewCardFields, string>>;

export const emptyNewCard: NewCardFields = { number: '', expiry: '', cvc: '', name: '' };

/** Which field a tokenizer refusal belongs to, so its message shows where the mistake is. */
export const fieldOfTokenizerError: Record<string, keyof NewCardFields> = {
  card_number_invalid: 'number',
  card_expiry_invalid: 'expiry',
  card_expired: 'expiry',
  card_cvc_invalid: 'cvc',
  cardholder_name_missing: 'name',
};

/** A new card's fields are wrong: the messages to show beside them. */
export class CardFieldErrors extends Error {
  constructor(readonly fields: NewCardErrors) {
    super('invalid card fields');
  }
}

/**
 * Checks the form, then hands the card to the processor's tokenizer (never to Settle's API) and
 * resolves with the token. Mistakes come back as CardFieldErrors, each at its field.
 */
export async function tokenizeNewCard(
  card: NewCardFields,
  messages: NewCardMessages,
  locale: Locale,
): Promise<string> {
  if (cardCollector.collect) {
    // The processor's form holds the number, expiry and CVC: only the name is ours to check.
    if (!card.name.trim()) throw new CardFieldErrors({ name: messages.required });
    const saved = await cardCollector.collect(card.name.trim());
    if ('error' in saved) throw new CardFieldErrors({ number: saved.error });
    return saved.token;
  }
  const expiry = parseExpiry(card.expiry);
  // Every mistake the form can see is reported at once, each at its field, not one per try.
  const problems: NewCardErrors = {};
  for (const field of ['number', 'expiry', 'cvc', 'name'] as const)
    if (!card[field].trim()) problems[field] = messages.required;
  const digits = normalizeCardNumber(card.number);
  if (card.number.trim() && !(digits.length >= 12 && passesLuhn(digits)))
    problems.number = messages.numberInvalid;
  if (card.expiry.trim() && !expiry) problems.expiry = messages.expiryFormat;
  else if (expiry && isExpired(expiry, new Date())) problems.expiry = messages.expired;
  if (card.cvc.trim() && !/^\d{3,4}$/.test(card.cvc.trim())) problems.cvc = messages.cvcInvalid;
  if (Object.keys(problems).length || !expiry) throw new CardFieldErrors(problems);
  try {
    const { token } = await tokenizeCard(
      { number: card.number, cvc: card.cvc, name: card.name, ...expiry },
      locale,
    );
    return token;
  } catch (error) {
    const field = error instanceof ApiError ? fieldOfTokenizerError[error.code] : undefined;
    if (field && error instanceof ApiError) throw new CardFieldErrors({ [field]: error.message });
    throw error;
  }
}

export interface NewCardMessages {
  required: string;
  expiryFormat: string;
  numberInvalid: string;
  cvcInvalid: string;
  expired: string;
}

/** The form's own messages, in the page's language. */
export function useNewCardMessages(): NewCardMessages {
  const t = useT();
  return {
    required: t('settle.required'),
    expiryFormat: t('settle.expirationFormat'),
    numberInvalid: t('settle.numberInvalid'),
    cvcInvalid: t('settle.cvcInvalid'),
    expired: t('settle.cardExpired'),
  };
}

export function parseExpiry(expiry: string): { expMonth: number; expYear: number } | null {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(expiry);
  if (!match?.[1] || !match[2]) return null;
  const year = Number(match[2]);
  return { expMonth: Number(match[1]), expYear: year < 100 ? 2000 + year : year };
}

const useStyles = makeStyles({
  // A fieldset is as wide as its content by default (min-inline-size: min-content), and grid tracks
  // as wide as an input's natural size: on a phone the form would run out of the drawer.
  fieldset: { border: 'none', padding: 0, margin: 0, minWidth: 0 },
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: '12px' },
  // An input's natural width (about 20 characters) is more than half a phone.
  input: { minWidth: 0, width: '100%' },
  full: { gridColumn: '1 / span 2' },
  hint: { color: tokens.colorNeutralForeground3 },
});

function groupDigits(value: string): string {
  return value
    .replace(/[^\d]/g, '')
    .slice(0, 19)
    .replace(/(\d{4})(?=\d)/g, '$1 ');
}

export function NewCardForm(props: {
  value: NewCardFields;
  errors: NewCardErrors;
  onChange: (value: NewCardFields) => void;
}) {
  const styles = useStyles();
  const t = useT();
  const set = (field: keyof NewCardFields, value: string) =>
    props.onChange({ ...props.value, [field]: value });
  const processor = useProcessor();
  if (processor.isPending) return <Spinner size="small" label={t('common.loading')} />;
  const stripeKey = processor.data?.processor === 'stripe' ? processor.data.publishableKey : null;
  const tapPay = processor.data?.processor === 'tappay';
  // Stripe's and TapPay's own frames hold the number, expiry and CVC; the sandbox's are ours.
  const processorFields = stripeKey ? (
    <StripeCardFields publishableKey={stripeKey} collector={cardCollector} error={props.errors.number} />
  ) : tapPay ? (
    <TapPayCardFields collector={cardCollector} error={props.errors.number} />
  ) : null;
  return (
    <fieldset className={styles.fieldset} data-testid="new-card-form">
      <legend>
        <Text weight="semibold">{t('settle.creditOrDebit')}</Text>
      </legend>
      <div className={styles.grid}>
        {processorFields ? (
          <div className={styles.full}>
            <Suspense fallback={<Spinner size="small" label={t('common.loading')} />}>
              {processorFields}
            </Suspense>
          </div>
        ) : (
          <>
            <Field
              className={styles.full}
              label={t('settle.cardNumber')}
              required
              validationMessage={props.errors.number}
            >
              <Input
                className={styles.input}
                name="cardNumber"
                inputMode="numeric"
                autoComplete="cc-number"
                placeholder="1234 5678 9012 3456"
                value={props.value.number}
                onChange={(_e, d) => set('number', groupDigits(d.value))}
              />
            </Field>
            <Field label={t('settle.expiration')} required validationMessage={props.errors.expiry}>
              <Input
                className={styles.input}
                name="cardExpiry"
                autoComplete="cc-exp"
                placeholder="MM/YY"
                value={props.value.expiry}
                onChange={(_e, d) => set('expiry', d.value.slice(0, 7))}
              />
            </Field>
            <Field label={t('settle.cvc')} required validationMessage={props.errors.cvc}>
              <Input
                className={styles.input}
                name="cardCvc"
                inputMode="numeric"
                autoComplete="cc-csc"
                placeholder="123"
                value={props.value.cvc}
                onChange={(_e, d) => set('cvc', d.value.replace(/\D/g, '').slice(0, 4))}
              />
            </Field>
          </>
        )}
        <Field
          className={styles.full}
          label={t('settle.nameOnCard')}
          required
          validationMessage={props.errors.name}
        >
          <Input
            className={styles.input}
            name="cardName"
            autoComplete="cc-name"
            value={props.value.name}
            onChange={(_e, d) => set('name', d.value)}
          />
        </Field>
      </div>
      <Text as="p" block size={200} className={styles.hint}>
        {t('settle.cardNeverStored')}
      </Text>
      {processor.data?.processor === 'sandbox' ? (
        <Text as="p" block size={200} className={styles.hint} data-testid="sandbox-hint">
          {/* A test card number is read and typed whole: it never breaks across lines on a phone. */}
          {t('settle.sandboxHint')
            .split(/(\d{4} \d{4} \d{4} \d{4})/)
            .map((part, i) =>
              i % 2 === 1 ? (
                <span key={part} style={{ whiteSpace: 'nowrap' }}>
                  {part}
                </span>
              ) : (
                part
              ),
            )}
        </Text>
      ) : null}
    </fieldset>
  );
}
