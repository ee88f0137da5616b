import { useIntl } from 'react-intl';
import { formatMoney } from '../../src/domain/money.js';
import { useT } from './i18n/use-t.js';

/** One formatter for the server and the browser: integer minor units in, the locale's text out. */
export function useFormatMoney(): (amountMinor: number, currency: string) => string {
  const intl = useIntl();
  return (amountMinor, currency) => formatMoney({ amountMinor: BigInt(amountMinor), currency }, intl.locale);
}

/** Calendar dates ('YYYY-MM-DD') are shown as the same day everywhere, whatever the time zone. */
export function useFormatDate(): (isoDate: string) => string {
  const intl = useIntl();
  return (isoDate) =>
    intl.formatDate(`${isoDate.slice(0, 10)}T12:00:00Z`, { dateStyle: 'medium', timeZone: 'UTC' });
}

export function useCardLabel(): (card: { brand: string; last4: string }) => string {
  const t = useT();
  return (card) => {
    const brand = t.known(`brand.${card.brand}`) ?? t('brand.unknown');
    return t('card.label', { brand, last4: card.last4 });
  };
}

/** A card's expiry as the card lists say it: "Expires 08/2028". */
export function useCardExpiry(): (expMonth: number | string, expYear: number | string) => string {
  const t = useT();
  return (expMonth, expYear) =>
    t('card.expires', { month: String(expMonth).padStart(2, '0'), year: expYear });
}
