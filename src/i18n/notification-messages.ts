import type { Locale, NotificationKind } from '../db/schema.js';

/** The notices about billing, told to an organization's Global and Billing admins. */
export type BillingNotificationKind = Exclude<NotificationKind, 'account_locked'>;

export interface NotificationParams {
  organizationName: string;
  productName: string;
  amount: string;
  reason: string;
  status: string;
  /** What the admin does about a failed payment (settle with another card, or confirm with the bank). */
  nextStep: string;
  /** A card, as people name it (Visa •••• 4242), and the month it expires, in the reader's words. */
  card: string;
  expires: string;
  /** An e-invoice's number (AB-12345678), the day it was issued and its random code. */
  einvoice: string;
  einvoiceDate: string;
  randomCode: string;
}

type Template = { subject: string; body: string };

// Plain text, filled in by name: billing emails read like the admin center itself.
const templates: Record<Locale, Record<BillingNotificationKind, Template>> = {
  'en-US': {
    payment_failed: {
      subject: 'Payment failed for {productName}',
      body: 'We couldn’t charge {amount} for {productName} ({organizationName}): {reason}. The subscription has a past due payment. {nextStep}',
    },
    payment_succeeded: {
      subject: 'Payment received for {productName}',
      body: '{amount} was charged for {productName} ({organizationName}). The subscription is in good standing.',
    },
    payment_refunded: {
      subject: 'Refund issued for {productName}',
      body: 'The card processor charged {amount} for {productName} ({organizationName}) on a payment that Settle had already recorded as not charged, so that charge was refunded automatically to the same card. You don’t need to do anything; the refund appears on the card statement within a few days.',
    },
    refund_issued: {
      subject: 'Refund issued for {productName}',
      body: '{amount} for {productName} ({organizationName}) was refunded to the card it was paid with. It appears on the card statement within a few days; you don’t need to do anything.',
    },
    einvoice_issued: {
      subject: 'E-invoice {einvoice} for {productName}',
      body: 'The government e-invoice (電子發票) for {amount} for {productName} ({organizationName}) was issued on {einvoiceDate}: number {einvoice}, random code {randomCode}. It is also shown in Billing > Bills & payments and printed on the invoice.',
    },
    card_expiring: {
      subject: 'Your card for {productName} expires soon',
      body: 'The card {card} that pays for {productName} ({organizationName}) expires at the end of {expires}. To keep the subscription in good standing, change its expiry date or add another card in Billing > Payment methods before then.',
    },
    subscription_status_changed: {
      subject: '{productName} is now {status}',
      body: 'Because its outstanding balance hasn’t been paid, {productName} ({organizationName}) is now {status}. Settle the balance in Billing > Your products to make it active again.',
    },
  },
  'zh-TW': {
    payment_failed: {
      subject: '{productName} 付款失敗',
      body: '我們無法為 {productName}（{organizationName}）收取 {amount}：{reason}。此訂閱有逾期款項。{nextStep}',
    },
    payment_succeeded: {
      subject: '已收到 {productName} 的付款',
      body: '已為 {productName}（{organizationName}）收取 {amount}。此訂閱狀態正常。',
    },
    payment_refunded: {
      subject: '已退款：{productName}',
      body: '一筆已記錄為「未扣款」的付款，仍被信用卡處理機構為 {productName}（{organizationName}）收取了 {amount}，因此系統已自動將這筆款項退回同一張卡片。您不需要採取任何動作，退款會在幾天內顯示於信用卡帳單。',
    },
    refund_issued: {
      subject: '已退款：{productName}',
      body: '{productName}（{organizationName}）的 {amount} 已退回原付款卡片。退款會在幾天內顯示於信用卡帳單，您不需要採取任何動作。',
    },
    einvoice_issued: {
      subject: '{productName} 的電子發票 {einvoice}',
      body: '{productName}（{organizationName}）{amount} 的電子發票已於{einvoiceDate}開立：發票號碼 {einvoice}，隨機碼 {randomCode}。您也可以在 [帳單] > [帳單與付款] 查看，發票 PDF 上亦有列印。',
    },
    card_expiring: {
      subject: '{productName} 使用的卡片即將到期',
      body: '為 {productName}（{organizationName}）付款的卡片 {card} 將於{expires}底到期。為讓訂閱維持正常狀態，請在此之前至 [帳單] > [付款方式] 變更卡片的到期日，或新增其他卡片。',
    },
    subscription_status_changed: {
      subject: '{productName} 目前為「{status}」',
      body: '由於未付餘額尚未結清，{productName}（{organizationName}）目前為「{status}」。請至 [帳單] > [您的產品] 結算餘額，以重新啟用訂閱。',
    },
  },
};

export const statusNames: Record<Locale, Record<string, string>> = {
  'en-US': { active: 'Active', expired: 'Expired', disabled: 'Disabled', deleted: 'Deleted' },
  'zh-TW': { active: '作用中', expired: '已到期', disabled: '已停用', deleted: '已刪除' },
};

export const declineReasons: Record<Locale, Record<string, string>> = {
  'en-US': {
    card_declined: 'the card issuer declined it',
    insufficient_funds: 'the card has insufficient funds',
    expired_card: 'the card has expired',
    processing_error: 'a processing error occurred',
    authentication_required: 'your bank needs you to confirm this payment',
    authentication_failed: 'your bank couldn’t confirm this payment',
    not_charged: 'the payment didn’t reach the card issuer',
  },
  'zh-TW': {
    card_declined: '發卡機構拒絕了這筆交易',
    insufficient_funds: '卡片餘額不足',
    expired_card: '卡片已過期',
    processing_error: '處理時發生錯誤',
    authentication_required: '您的銀行需要您確認這筆付款',
    authentication_failed: '您的銀行無法確認這筆付款',
    not_charged: '付款未送達發卡機構',
  },
};

/** The step a failed payment's notice asks for: by default another card; for the bank's request, confirming. */
export const failedPaymentNextSteps: Record<Locale, Record<'default' | 'authentication_required', string>> = {
  'en-US': {
    default:
      'Go to Billing > Your products and select Settle balance to pay the outstanding balance with another card.',
    authentication_required:
      'Go to Billing > Your products, select Settle balance, and confirm the payment with your bank when it asks.',
  },
  'zh-TW': {
    default: '請前往 [帳單] > [您的產品]，選取 [結算餘額]，以其他卡片支付未付餘額。',
    authentication_required: '請前往 [帳單] > [您的產品]，選取 [結算餘額]，並在銀行要求時確認這筆付款。',
  },
};

export function renderNotification(
  locale: Locale,
  kind: BillingNotificationKind,
  params: NotificationParams,
): Template {
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (_, name: keyof NotificationParams) => params[name] ?? '');
  const template = templates[locale][kind];
  return { subject: fill(template.subject), body: fill(template.body) };
}

export const notificationTemplates = templates;
