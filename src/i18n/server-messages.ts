import type { Locale } from '../db/schema.js';
import type { ErrorCode } from '../domain/errors.js';

type Catalog = Record<ErrorCode, string>;

const enUS: Catalog = {
  validation_failed: 'Some of the information isn’t valid. Check the highlighted fields and try again.',
  idempotency_key_missing: 'This request needs an Idempotency-Key header so it can be retried safely.',
  idempotency_key_invalid: 'The Idempotency-Key header must be 8 to 255 characters long.',
  card_number_invalid: 'The card number isn’t valid. Check it and try again.',
  card_expiry_invalid: 'Enter a valid expiration month and year.',
  card_expired: 'This card has expired. Enter a later expiration date or use another card.',
  card_expired_not_owner:
    'This card has expired, and only the admin who added it can change its expiration date. Pick a different card or add a new one.',
  card_cvc_invalid: 'Enter the 3- or 4-digit security code (CVC).',
  cardholder_name_missing: 'Enter the name on the card.',
  card_token_invalid: 'We couldn’t use this card. Add it again.',
  unauthenticated: 'Sign in to continue.',
  invalid_credentials: 'That email or password isn’t right.',
  card_declined: 'Your payment was declined by the card issuer. Try another card.',
  insufficient_funds: 'Your payment was declined: the card has insufficient funds. Try another card.',
  expired_card:
    'Your payment was declined: the card has expired. Update the expiration date or use another card.',
  processing_error: 'Your payment was declined because of a processing error. Try again or use another card.',
  authentication_required:
    'Your bank needs you to confirm this payment. Select Settle balance and confirm it with your bank.',
  authentication_failed:
    'Your bank couldn’t confirm this payment, so nothing was charged. The balance is still outstanding; try again or use another card.',
  payment_not_charged:
    'The payment didn’t reach the card issuer, so nothing was charged. The balance is still outstanding; try again.',
  permission_denied: 'Your role can’t make this change. Ask a Global admin or Billing admin.',
  card_not_owner: 'Only the admin who added this card can change it. Pick a different card or add a new one.',
  subscription_not_found: 'We couldn’t find that subscription.',
  payment_method_not_found: 'We couldn’t find that payment method.',
  not_found: 'We couldn’t find what you were looking for.',
  idempotency_key_in_use: 'This request is still being processed. Wait a moment before trying again.',
  nothing_to_settle: 'This subscription has no outstanding balance.',
  balance_changed:
    'The outstanding balance changed since you opened this page. Review the new amount and try again.',
  payment_in_progress:
    'A payment for this balance is being confirmed. You can’t start another one until it finishes.',
  invoice_not_open: 'Only an open invoice can be voided; this one is already paid or voided.',
  payment_not_refundable: 'Only a card payment that succeeded can be refunded through the processor.',
  currency_mismatch: 'The currency must be the payment’s own.',
  refund_in_progress:
    'A refund of this payment is still waiting for the processor’s answer. Try again once it is settled.',
  refund_exceeds_payment:
    'The amount must be more than zero and no more than what is left to refund on this payment.',
  credit_exceeds_invoice: 'The amount must be more than zero and no more than what the invoice still owes.',
  invoice_partly_paid:
    'Part of this invoice is already paid, so it can’t be voided. Take the rest off with a credit note instead.',
  organization_archived: 'This customer is archived. Restore it before selling to it or inviting its users.',
  organization_has_subscriptions:
    'This customer still has subscriptions that renew. Cancel them first, then archive the customer.',
  payment_method_in_use:
    'This card still pays for a subscription. Replace it on those subscriptions first, then delete it.',
  subscription_past_due:
    'This subscription has a past due payment. Settle the outstanding balance before adding licenses.',
  subscription_deleted: 'This subscription has been deleted and can no longer be paid.',
  idempotency_key_reused: 'This Idempotency-Key was already used for a different request.',
  rate_limited: 'Too many attempts. Wait a minute and try again.',
  second_factor_required: 'Finish signing in: enter the code from your authenticator app.',
  second_factor_invalid:
    'That code isn’t right. Enter the current code from your authenticator app, or a recovery code.',
  second_factor_setup_required:
    'Your organization requires multi-factor sign-in for admins. Set up an authenticator app to continue.',
  passkey_invalid: 'That passkey couldn’t be checked. Try again, or use another way to sign in.',
  api_key_invalid:
    'The provider API needs a valid API key: send Authorization: Bearer sk_… (npm run keys -- create).',
  tax_id_invalid:
    'That tax ID isn’t valid: a Taiwanese business number (統一編號) is 8 digits with a check digit.',
  email_taken: 'Someone already signs in with that email address.',
  link_invalid: 'This link has expired or was already used. Ask for a new one.',
  password_too_weak:
    'Choose a password of at least 12 characters that isn’t a commonly used one and doesn’t contain your email name.',
  balance_outstanding:
    'This subscription has an outstanding balance and no card to charge: settle the balance to reactivate it.',
  last_global_admin:
    'An organization always keeps a Global admin: give another user the Global admin role first.',
  api_key_read_only: 'This API key is read-only: it cannot change anything.',
  reauthentication_required: 'For your security, confirm it’s you before making this change.',
  mfa_required_by_organization:
    'Your organization requires multi-factor sign-in for admins, so you can’t remove your only second factor.',
  mfa_unavailable:
    'Authenticator apps can’t be set up on this server yet. Ask your provider to set SETTLE_SECRET_KEY.',
  webhook_url_invalid:
    'A webhook URL must be an http:// or https:// address without a user name or password.',
  webhook_url_private:
    'This webhook URL points to a private, loopback or link-local address; Settle sends webhooks to public addresses only.',
  webhook_url_unresolvable: 'The host name of this webhook URL can’t be found. Check it and try again.',
  webhook_endpoint_not_found: 'There’s no webhook endpoint with this ID.',
  webhook_endpoint_disabled:
    'This webhook endpoint is disabled, so nothing would be sent to it. Enable it first, then send its events again.',
  event_not_found: 'There’s no event with this ID.',
  webhooks_unavailable:
    'Webhook endpoints can’t be set up on this server yet: set SETTLE_SECRET_KEY so their signing secrets can be sealed.',
  webhook_signature_invalid:
    'This notice isn’t signed by the card processor with this server’s signing secret.',
  processor_unavailable:
    'The card processor can’t be reached right now. Nothing was changed; try again shortly.',
  card_expiry_unchangeable:
    'This payment processor can’t change a saved card’s expiration date. Add the renewed card as a new card.',
  subscription_already_active:
    'This subscription is already active and renews; there’s nothing to reactivate.',
  product_archived: 'This product is archived, so it can’t get new prices.',
  passkey_exists: 'This passkey is already registered to your account.',
  transfer_account_not_found: 'No customer has this transfer account number.',
  bank_reference_reused: 'This bank reference was already recorded for another transfer.',
  einvoice_issuer_not_configured:
    'E-invoices can’t be turned on: this server has no e-invoice issuer (set SETTLE_EINVOICE to sandbox or ecpay).',
  einvoice_barcode_invalid:
    'Mobile barcode: it starts with / followed by 7 characters (0–9, A–Z, period, plus or hyphen), such as /ABC1234.',
  einvoice_barcode_not_registered:
    'Mobile barcode: this barcode isn’t registered with the Ministry of Finance’s e-invoice platform. Check it in your phone’s carrier app.',
  einvoice_certificate_invalid: 'Citizen digital certificate: it’s 2 capital letters followed by 14 digits.',
  einvoice_donation_code_invalid: 'Donation code: it’s 3 to 7 digits.',
  einvoice_donation_code_unknown: 'Donation code: no registered charity has this code.',
  einvoice_buyer_name_missing: 'Company name: enter the name registered under this tax ID.',
  einvoice_not_retryable: 'Only an e-invoice the issuer refused can be retried; this one isn’t failed.',
  einvoice_not_voidable: 'This e-invoice is already voided or being voided.',
  internal_error: 'Something went wrong on our side. Nothing was charged twice; try again in a moment.',
};

const zhTW: Catalog = {
  validation_failed: '部分資訊無效。請檢查標示的欄位，然後再試一次。',
  idempotency_key_missing: '此要求需要 Idempotency-Key 標頭，才能安全地重試。',
  idempotency_key_invalid: 'Idempotency-Key 標頭的長度必須介於 8 到 255 個字元之間。',
  card_number_invalid: '卡號無效。請檢查後再試一次。',
  card_expiry_invalid: '請輸入有效的到期月份和年份。',
  card_expired: '此卡片已過期。請輸入較晚的到期日，或改用其他卡片。',
  card_expired_not_owner:
    '此卡片已過期，且只有新增此卡片的系統管理員可以變更卡片到期日。請挑選其他卡片或新增卡片。',
  card_cvc_invalid: '請輸入 3 或 4 位數的安全碼 (CVC)。',
  cardholder_name_missing: '請輸入持卡人姓名。',
  card_token_invalid: '無法使用此卡片。請重新新增。',
  unauthenticated: '請登入以繼續。',
  invalid_credentials: '電子郵件或密碼不正確。',
  card_declined: '您的付款遭到拒絕：發卡機構拒絕了這筆交易。請改用其他卡片。',
  insufficient_funds: '您的付款遭到拒絕：卡片餘額不足。請改用其他卡片。',
  expired_card: '您的付款遭到拒絕：卡片已過期。請變更卡片到期日，或改用其他卡片。',
  processing_error: '您的付款遭到拒絕：處理時發生錯誤。請再試一次，或改用其他卡片。',
  authentication_required: '您的銀行需要您確認這筆付款。請選取 [結算餘額]，並向銀行確認這筆付款。',
  authentication_failed:
    '您的銀行無法確認這筆付款，因此並未扣款。未付餘額仍未結清；請再試一次，或改用其他卡片。',
  payment_not_charged: '付款未送達發卡機構，因此並未扣款。未付餘額仍未結清，請再試一次。',
  permission_denied: '您的角色無法進行此變更。請洽詢全域系統管理員或計費系統管理員。',
  card_not_owner: '只有新增此卡片的系統管理員可以變更它。請挑選其他卡片，或新增卡片。',
  subscription_not_found: '找不到該訂閱。',
  payment_method_not_found: '找不到該付款方式。',
  not_found: '找不到您要尋找的項目。',
  idempotency_key_in_use: '此要求仍在處理中。請稍候再試。',
  nothing_to_settle: '此訂閱沒有未付餘額。',
  balance_changed: '自您開啟此頁面後，未付餘額已變更。請檢查新的金額，然後再試一次。',
  payment_in_progress: '此餘額的一筆付款正在確認中。完成之前無法開始另一筆付款。',
  invoice_not_open: '只有未付款的發票可以作廢；這張發票已付款或已作廢。',
  payment_not_refundable: '只有成功的信用卡付款可以透過付款處理機構退款。',
  currency_mismatch: '幣別必須與該筆付款相同。',
  refund_in_progress: '此筆付款有一筆退款仍在等待付款處理機構的回覆。處理完成後再試一次。',
  refund_exceeds_payment: '金額必須大於零，且不得超過此筆付款尚可退款的金額。',
  credit_exceeds_invoice: '金額必須大於零，且不得超過此發票尚未支付的金額。',
  invoice_partly_paid: '此發票已部分付款，無法作廢。請改以貸項憑單折抵其餘金額。',
  organization_archived: '此客戶已封存。請先還原，才能向其銷售或邀請其使用者。',
  organization_has_subscriptions: '此客戶仍有會續訂的訂閱。請先取消這些訂閱，再封存客戶。',
  payment_method_in_use: '此卡片仍用於支付訂閱。請先在那些訂閱上取代付款方式，再刪除此卡片。',
  subscription_past_due: '此訂閱有逾期款項。請先結清未付餘額，再新增授權。',
  subscription_deleted: '此訂閱已刪除，無法再付款。',
  idempotency_key_reused: '此 Idempotency-Key 已用於另一個不同的要求。',
  rate_limited: '嘗試次數過多。請稍候一分鐘再試。',
  second_factor_required: '請完成登入：輸入驗證器應用程式中的代碼。',
  second_factor_invalid: '代碼不正確。請輸入驗證器應用程式目前顯示的代碼，或一組復原碼。',
  second_factor_setup_required: '您的組織要求系統管理員使用多重要素登入。請設定驗證器應用程式以繼續。',
  passkey_invalid: '無法驗證此密碼金鑰。請再試一次，或改用其他方式登入。',
  api_key_invalid:
    '服務提供者 API 需要有效的 API 金鑰：請傳送 Authorization: Bearer sk_… (npm run keys -- create)。',
  tax_id_invalid: '統一編號無效：統一編號為 8 位數字並含檢查碼。',
  email_taken: '已有人使用此電子郵件地址登入。',
  link_invalid: '此連結已過期或已使用過。請要求新的連結。',
  password_too_weak: '請選擇至少 12 個字元、不是常見密碼，且不包含您電子郵件名稱的密碼。',
  balance_outstanding: '此訂閱有未付餘額，且沒有可扣款的卡片：請先結算餘額以重新啟用。',
  last_global_admin: '組織必須保有至少一位全域系統管理員：請先將全域系統管理員角色指派給其他使用者。',
  api_key_read_only: '此 API 金鑰為唯讀，無法變更任何內容。',
  reauthentication_required: '為了您的安全，進行此變更前請先確認您的身分。',
  mfa_required_by_organization:
    '您的組織要求系統管理員使用多重要素登入，因此無法移除您唯一的第二個驗證要素。',
  mfa_unavailable: '此伺服器尚無法設定驗證器應用程式。請洽詢您的服務提供者設定 SETTLE_SECRET_KEY。',
  webhook_url_invalid: 'Webhook 網址必須是 http:// 或 https:// 位址，且不含使用者名稱或密碼。',
  webhook_url_private: '此 Webhook 網址指向私人、回送或連結本機位址；Settle 只會將 Webhook 傳送到公用位址。',
  webhook_url_unresolvable: '找不到此 Webhook 網址的主機名稱。請檢查後再試一次。',
  webhook_endpoint_not_found: '沒有此識別碼的 Webhook 端點。',
  webhook_endpoint_disabled: '此 Webhook 端點已停用，因此不會傳送任何內容。請先啟用它，再重新傳送其事件。',
  event_not_found: '沒有此識別碼的事件。',
  webhooks_unavailable: '此伺服器尚無法設定 Webhook 端點：請設定 SETTLE_SECRET_KEY，以便密封其簽署密鑰。',
  webhook_signature_invalid: '這則通知並非由信用卡處理機構以此伺服器的簽署密鑰簽署。',
  processor_unavailable: '目前無法連線到信用卡處理機構。未進行任何變更；請稍後再試。',
  card_expiry_unchangeable: '此付款處理機構無法變更已儲存卡片的到期日。請將換發的卡片新增為新卡片。',
  subscription_already_active: '此訂閱已在作用中且會續約，無需重新啟用。',
  product_archived: '此產品已封存，無法新增價格。',
  passkey_exists: '此密碼金鑰已註冊至您的帳戶。',
  transfer_account_not_found: '沒有客戶使用此轉帳帳號。',
  bank_reference_reused: '此銀行交易序號已記錄於另一筆轉帳。',
  einvoice_issuer_not_configured:
    '無法開啟電子發票：此伺服器未設定電子發票開立服務（請將 SETTLE_EINVOICE 設為 sandbox 或 ecpay）。',
  einvoice_barcode_invalid:
    '手機條碼：格式為 / 加上 7 個字元（0–9、A–Z、句點、加號或連字號），例如 /ABC1234。',
  einvoice_barcode_not_registered:
    '手機條碼：此條碼未在財政部電子發票整合服務平台註冊。請在手機的載具應用程式中確認。',
  einvoice_certificate_invalid: '自然人憑證條碼：格式為 2 個大寫英文字母加上 14 位數字。',
  einvoice_donation_code_invalid: '捐贈碼：格式為 3 到 7 位數字。',
  einvoice_donation_code_unknown: '捐贈碼：沒有已登記的受贈機關或團體使用此捐贈碼。',
  einvoice_buyer_name_missing: '公司名稱：請輸入此統一編號登記的名稱。',
  einvoice_not_retryable: '只有開立服務拒絕的電子發票可以重試；此電子發票並非失敗狀態。',
  einvoice_not_voidable: '此電子發票已作廢或正在作廢。',
  internal_error: '我們這邊發生問題。不會重複收費；請稍後再試。',
};

export const serverMessages: Record<Locale, Catalog> = { 'en-US': enUS, 'zh-TW': zhTW };

export function errorMessage(code: ErrorCode, locale: Locale): string {
  return serverMessages[locale][code];
}
