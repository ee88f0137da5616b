import type { Locale, NoticeFactsColumn, NotificationKind } from '../db/schema.js';
import { cardBrandNames } from '../domain/card.js';
import { formatEInvoiceNumber } from '../domain/einvoice.js';
import { formatMoney } from '../domain/money.js';
import { renderAccountLocked } from '../i18n/account-messages.js';
import {
  type BillingNotificationKind,
  declineReasons,
  failedPaymentNextSteps,
  renderNotification,
  statusNames,
} from '../i18n/notification-messages.js';

/**
 * What a billing notice says, kept as facts rather than as text in one language: it is written out
 * in the reader's language when they read it (or when it is emailed), so an admin who switches to
 * Traditional Chinese reads every notice in Chinese, old ones included.
 */
export type NoticeFacts = NoticeFactsColumn;

export function renderNotice(
  kind: NotificationKind,
  facts: NoticeFacts,
  locale: Locale,
): { subject: string; body: string } | null {
  if (kind === 'account_locked')
    return renderAccountLocked(locale, { organizationName: facts.organizationName });
  if (!('productName' in facts)) return null;
  return renderNotification(locale, kind as BillingNotificationKind, {
    organizationName: facts.organizationName,
    productName: (locale === 'zh-TW' && facts.productNameZhTw) || facts.productName,
    amount:
      facts.amountMinor === null
        ? ''
        : formatMoney({ amountMinor: BigInt(facts.amountMinor), currency: facts.currency }, locale),
    reason: declineReasons[locale][facts.failureCode ?? ''] ?? declineReasons[locale].card_declined ?? '',
    status: statusNames[locale][facts.status ?? ''] ?? facts.status ?? '',
    nextStep:
      failedPaymentNextSteps[locale][
        facts.failureCode === 'authentication_required' ? 'authentication_required' : 'default'
      ],
    card: facts.card
      ? `${cardBrandNames[facts.card.brand] ?? facts.card.brand} •••• ${facts.card.last4}`
      : '',
    expires: facts.card ? expiryMonth(facts.card, locale) : '',
    einvoice: facts.einvoice ? formatEInvoiceNumber(facts.einvoice.number) : '',
    einvoiceDate: facts.einvoice
      ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
          new Date(`${facts.einvoice.issuedOn}T12:00:00Z`),
        )
      : '',
    randomCode: facts.einvoice?.randomCode ?? '',
  });
}

/** The month a card expires, as the reader writes it: January 2027, 2027年1月. */
function expiryMonth(card: { expMonth: number; expYear: number }, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(card.expYear, card.expMonth - 1, 1)),
  );
}
