import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { DunningPolicy } from '../domain/dunning.js';
import type { EInvoiceBuyer, EInvoiceBuyerChoice } from '../domain/einvoice.js';
import type { LedgerAccount } from '../domain/ledger.js';
import type { CurrencyCode } from '../domain/money.js';
import type { BillingFrequency } from '../domain/periods.js';
import type { Role } from '../domain/permissions.js';
import type { MfaState } from '../domain/sessions.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** DATE columns are read as 'YYYY-MM-DD' strings on both dialects: a date has no time zone. */
type DateOnly = string;

export type Locale = 'en-US' | 'zh-TW';
export type { BillingFrequency };
export type SubscriptionStatus = 'active' | 'expired' | 'disabled' | 'deleted';
export type InvoiceStatus = 'open' | 'paid' | 'void';
export type PaymentStatus = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'unknown';
/** A payment still open at the processor: it holds the subscription's one in-flight slot. */
export const inFlightPaymentStatuses = ['pending', 'unknown', 'requires_action'] as const;

export interface OrganizationTable {
  id: string;
  name: string;
  currency: CurrencyCode;
  locale: Locale;
  /** Tax as basis points of the subtotal (500 = 5%). */
  tax_rate_bp: Generated<number>;
  /** Global and Billing admins must sign in with a second factor. */
  require_mfa: Generated<boolean>;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
  billing_address: string | null;
  /** The customer's tax ID as printed on invoices (統一編號 in Taiwan, checked). */
  tax_id: string | null;
  collection_method: Generated<CollectionMethod>;
  /** With send_invoice: how many days an invoice is payable in. */
  days_until_due: number | null;
  created_at: Generated<Date>;
  /** When the seller archived it: no new sales or invitations (null: a customer like any other). */
  archived_at: Timestamp | null;
  /** Its own account number at the seller's bank (a virtual account): a transfer to it is its payment. */
  transfer_account: Generated<string | null>;
  /** Its own dunning policy, where the seller gave it one (null: the seller's, dunning_policy). */
  dunning_policy: ColumnType<DunningPolicy | null, string | null | undefined, string | null>;
  /** Where its e-invoices go, as its admins chose; null: the default (src/domain/einvoice.ts). */
  einvoice_buyer: ColumnType<EInvoiceBuyerChoice | null, string | null | undefined, string | null>;
}

/** charge_automatically: the card on file is charged; send_invoice: the invoice is sent, paid from Bills & payments. */
export type CollectionMethod = 'charge_automatically' | 'send_invoice';

export interface UserTable {
  id: string;
  organization_id: string;
  email: string;
  display_name: string;
  /** Null until an invited user chooses a password. */
  password_hash: string | null;
  role: Role;
  locale: Locale | null;
  attach_invoice_pdf: Generated<boolean>;
  /** The authenticator app's secret, sealed with the server's key (src/secrets/seal.ts). */
  totp_secret_sealed: string | null;
  /** A secret shown for setting up, not confirmed by a code yet. */
  totp_pending_sealed: string | null;
  /** The last time step a code was accepted for: a code is good once. */
  totp_last_step: bigint | null;
  /** Removed from the organization: can no longer sign in; still named where they acted. */
  removed_at: Generated<Date | null>;
  created_at: Generated<Date>;
}

export interface SessionTable {
  token_hash: string;
  /** Names the session in lists and sign-outs; the token's hash never leaves the server. */
  id: Generated<string>;
  user_id: string;
  organization_id: string;
  /** The absolute end (12 h after sign-in), whatever the activity. */
  expires_at: Timestamp;
  last_seen_at: Generated<Date>;
  /** When the user last proved who they are: sensitive changes need this within 10 minutes. */
  authenticated_at: Generated<Date>;
  /** complete: signed in; mfa_pending: a second factor is owed; mfa_enroll: one must be set up first. */
  mfa_state: Generated<MfaState>;
  user_agent: string | null;
  ip_address: string | null;
  /** The challenge of a passkey ceremony this session started (registration or sign-in), used once. */
  webauthn_challenge: string | null;
  webauthn_challenge_expires_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface PasskeyTable {
  /** The credential's id, base64url, as the authenticator made it. */
  id: string;
  user_id: string;
  organization_id: string;
  /** The COSE public key, base64url: public, not a secret. */
  public_key: string;
  counter: bigint;
  /** JSON array of the transports the browser reported (internal, hybrid, usb…). */
  transports: string;
  name: string;
  created_at: Generated<Date>;
  last_used_at: Timestamp | null;
}

export type ApiKeyScope = 'read' | 'read_write';

export interface ApiKeyTable {
  id: string;
  name: string;
  /** The first characters of the secret (sk_…), shown in lists so a key can be recognised. */
  prefix: string;
  /** SHA-256 of the whole secret: 32 random bytes need no slow hash. */
  secret_hash: string;
  scope: ApiKeyScope;
  created_at: Generated<Date>;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface ProviderAuditLogTable {
  id: Generated<string>;
  api_key_id: string;
  key_name: string;
  method: string;
  path: string;
  status: number;
  organization_id: string | null;
  created_at: Generated<Date>;
}

export interface SellerSnapshot {
  legalName: string;
  address: string;
  taxId: string | null;
  supportEmail: string;
  supportPhone: string | null;
  /** Absent on documents issued before sellers set a bank. */
  bankTransfer?: { bankCode: string; bankName: string; accountPrefix: string } | null;
}

export interface SellerProfileTable {
  id: number;
  legal_name: string;
  address: string;
  tax_id: string | null;
  support_email: string;
  support_phone: string | null;
  /** Where customers transfer money: the bank's code and name, and the virtual account prefix it gave the seller (all or none). */
  bank_code: string | null;
  bank_name: string | null;
  transfer_account_prefix: string | null;
  /** Issues Taiwan's e-invoices (電子發票) for paid TWD invoices; needs its own 統一編號. */
  einvoice_enabled: Generated<boolean>;
  updated_at: Generated<Date>;
}

export type UserTokenPurpose = 'invitation' | 'password_reset';

export interface UserTokenTable {
  token_hash: string;
  user_id: string;
  purpose: UserTokenPurpose;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface RecoveryCodeTable {
  user_id: string;
  code_hash: string;
  used_at: Timestamp | null;
}

export interface ProductTable {
  id: string;
  /** The product's name in en-US (and in any language without its own). */
  name: string;
  /** Its name in Traditional Chinese, if it has one of its own. */
  name_zh_tw: string | null;
  description: string;
  /** No longer sold; subscriptions to it go on. */
  archived_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface PriceTable {
  id: Generated<string>;
  product_id: string;
  currency: CurrencyCode;
  billing_frequency: BillingFrequency;
  /** Per license, per period. A new amount is a new price; the old one is archived. */
  unit_amount_minor: bigint;
  archived_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface PaymentMethodTable {
  id: string;
  organization_id: string;
  owner_user_id: string;
  gateway_token: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  cardholder_name: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  removed_at: Timestamp | null;
}

export interface SubscriptionTable {
  id: string;
  organization_id: string;
  product_id: string;
  licenses: number;
  /** The frequency from the next renewal on. */
  billing_frequency: BillingFrequency;
  /** The frequency the current period was billed at, when it differs (null: billing_frequency). */
  period_billing_frequency: Generated<BillingFrequency | null>;
  status: SubscriptionStatus;
  recurring_billing: boolean;
  current_period_start: DateOnly;
  current_period_end: DateOnly;
  /** The day of the month it renews on (1–31), or the month's last day when the month is shorter. */
  billing_anchor_day: number;
  payment_method_id: string | null;
  past_due_since: Timestamp | null;
  /** When a cancel ended it (now, or its term's end); null while it runs or once reactivated. */
  ended_at: Timestamp | null;
  /** The price it renews at (set from the catalogue's active price when inserted without one). */
  price_id: Generated<string>;
  /** The price the current period was billed at, when the frequency changed since (null: price_id). */
  period_price_id: Generated<string | null>;
  created_at: Generated<Date>;
  /** When the row last changed: stamped by the database on every update (migration 0042). */
  updated_at: Generated<Date>;
}

export interface InvoiceTable {
  id: string;
  organization_id: string;
  subscription_id: string;
  number: string;
  currency: CurrencyCode;
  amount_minor: bigint;
  status: InvoiceStatus;
  issued_on: DateOnly;
  due_on: DateOnly;
  period_start: DateOnly;
  period_end: DateOnly;
  paid_at: Timestamp | null;
  payment_id: string | null;
  licenses: number | null;
  unit_amount_minor: bigint | null;
  tax_minor: Generated<bigint>;
  kind: Generated<'renewal' | 'proration'>;
  /** What credit notes took off it (never more than its amount); an open invoice owes the rest. */
  credited_minor: Generated<bigint>;
  /** What payments paid on it while it stayed open (partial payments outside a card). */
  paid_minor: Generated<bigint>;
  /** When the seller voided it, and why (both set exactly when status is void). */
  voided_at: Timestamp | null;
  void_reason: string | null;
  /** The seller block as it was when the invoice was issued (null: the provider had set none). */
  seller: ColumnType<SellerSnapshot | null, string | null | undefined, never>;
}

export type NotificationKind =
  | 'payment_failed'
  | 'subscription_status_changed'
  | 'payment_succeeded'
  | 'payment_refunded'
  | 'refund_issued'
  | 'card_expiring'
  | 'einvoice_issued'
  | 'account_locked';

export interface NotificationTable {
  id: string;
  organization_id: string;
  recipient_user_id: string;
  kind: NotificationKind;
  locale: Locale;
  subject: string;
  body: string;
  subscription_id: string | null;
  invoice_id: string | null;
  created_at: Generated<Date>;
  /** Taken by the SMTP server; its sending is a queue task (topic email.notification). */
  sent_at: Timestamp | null;
  /** What the notice says, to write it out in the reader's language (null: older notices). */
  facts: ColumnType<NoticeFactsColumn | null, string | null | undefined, never>;
}

/** notifications.facts (src/notifications/notice-facts.ts): a billing notice's, or an account notice's. */
export type NoticeFactsColumn = BillingNoticeFacts | AccountNoticeFacts;

export interface AccountNoticeFacts {
  organizationName: string;
}

export interface BillingNoticeFacts {
  organizationName: string;
  productName: string;
  productNameZhTw: string | null;
  amountMinor: string | null;
  currency: CurrencyCode;
  failureCode: string | null;
  status: string | null;
  /** A card the notice is about (a reminder before it expires); absent on other notices. */
  card?: { brand: string; last4: string; expMonth: number; expYear: number } | null;
  /** The e-invoice (電子發票) the notice is about: its number, its day in Taiwan, its 隨機碼. */
  einvoice?: { number: string; issuedOn: string; randomCode: string } | null;
}

export interface PaymentTable {
  id: string;
  organization_id: string;
  subscription_id: string;
  /** The card charged; null for a new card that was declined and so never saved. */
  payment_method_id: string | null;
  /** How the money came: by card (through the processor), or recorded by the seller as it arrived. */
  method: Generated<PaymentMethodKind>;
  /** The card's, for card payments only. */
  gateway_token: string | null;
  card_brand: string | null;
  card_last4: string | null;
  card_exp_month: number | null;
  card_exp_year: number | null;
  cardholder_name: string | null;
  /** A payment outside a card: the bank's or the cheque's reference, the day it arrived, who recorded it. */
  reference: Generated<string | null>;
  received_on: Generated<DateOnly | null>;
  recorded_by: Generated<string | null>;
  /** The bank transfer that paid it (method bank_transfer, matched from the bank's notice). */
  bank_transfer_id: Generated<string | null>;
  amount_minor: bigint;
  currency: CurrencyCode;
  status: PaymentStatus;
  failure_code: string | null;
  gateway_charge_id: string | null;
  created_by_user_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** card: through the processor; bank_transfer … other: recorded by the seller; credit_balance: the customer's credit, applied. */
export type PaymentMethodKind = 'card' | 'bank_transfer' | 'cheque' | 'cash' | 'other' | 'credit_balance';

/** The bank's notice of money transferred to an organization's account, and where it went (src/bank-transfers). */
export interface BankTransferTable {
  id: string;
  organization_id: string;
  account_number: string;
  /** The bank's own reference for the transfer: one notice, one record. */
  bank_reference: string;
  amount_minor: bigint;
  currency: CurrencyCode;
  received_on: DateOnly;
  /** What the payer wrote with the transfer (附言): an invoice number in it is paid first. */
  memo: string | null;
  /** What paid open invoices, and what went to the credit balance: together, the amount. */
  applied_minor: bigint;
  credited_minor: bigint;
  created_at: Timestamp;
}

export interface PaymentInvoiceTable {
  payment_id: string;
  invoice_id: string;
  amount_minor: bigint;
}

export interface LedgerEntryTable {
  id: Generated<string>;
  organization_id: string;
  journal_id: string;
  account: LedgerAccount;
  amount_minor: bigint;
  currency: CurrencyCode;
  /** Null only for what belongs to the customer as a whole (a credit to its balance). */
  subscription_id: string | null;
  invoice_id: string | null;
  payment_id: string | null;
  created_at: Generated<Date>;
}

export interface IdempotencyKeyTable {
  organization_id: string;
  key: string;
  request_hash: string;
  state: 'in_progress' | 'done';
  response_status: number | null;
  response_body: string | null;
  /** What the request created, written in the use case's transaction (a retry answers with it). */
  resource_type: string | null;
  resource_id: string | null;
  created_at: Generated<Date>;
  locked_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  organization_id: string;
  actor_user_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  details: ColumnType<Record<string, unknown>, string, never>;
  created_at: Generated<Date>;
  ip: string | null;
  user_agent: string | null;
}

/** The sandbox processor's own store: it plays a separate company, so Settle's code never reads it. */
export interface SandboxCardTable {
  token: string;
  behavior: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  cardholder_name: string;
  created_at: Generated<Date>;
}

export interface SandboxChargeTable {
  idempotency_key: string;
  charge_id: string;
  token: string;
  amount_minor: bigint;
  currency: string;
  outcome: 'requires_confirmation' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
  failure_code: string | null;
  refunded_minor: Generated<bigint>;
  off_session: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface ProcessorIntentTable {
  processor: string;
  idempotency_key: string;
  intent_id: string | null;
  off_session: Generated<boolean>;
  canceled_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface ProcessorCustomerTable {
  processor: string;
  organization_id: string;
  customer_id: string;
}

export interface TapPayCardTable {
  reference: string;
  organization_id: string;
  card_key_sealed: string;
  card_token_sealed: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  cardholder_name: string;
  created_at: Generated<Date>;
}

export interface TapPayPaymentTable {
  idempotency_key: string;
  card_reference: string;
  amount_minor: bigint;
  currency: string;
  off_session: boolean;
  rec_trade_id: string | null;
  payment_url: string | null;
  sent_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface TapPayRefundTable {
  idempotency_key: string;
  rec_trade_id: string;
  amount_minor: bigint;
  done_at: Timestamp | null;
  /** When the refund was last sent to TapPay: one that never landed is sent again after a window. */
  sent_at: Generated<Date>;
  created_at: Generated<Date>;
}

export interface SandboxRefundTable {
  idempotency_key: string;
  refund_id: string;
  charge_key: string;
  amount_minor: bigint;
  created_at: Generated<Date>;
}

/** A charge Settle did not record as a balance's payment, given back. */
export interface RefundTable {
  id: string;
  organization_id: string;
  payment_id: string;
  amount_minor: bigint;
  currency: CurrencyCode;
  reason: RefundReason;
  /** The seller's words for the customer (optional). */
  note: Generated<string | null>;
  status: RefundStatus;
  /** Why the processor refused it (failed only). */
  failure_code: Generated<string | null>;
  /** The API key that asked for it (null: Settle's own, an unrecorded charge's). */
  requested_by: Generated<string | null>;
  gateway_refund_id: string | null;
  succeeded_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type RefundReason =
  | 'unrecorded_charge'
  | 'requested_by_customer'
  | 'duplicate'
  | 'fraudulent'
  | 'service_issue'
  | 'other';

export type RefundStatus = 'pending' | 'succeeded' | 'failed';

export interface SignInThrottleTable {
  /** 'account:<email>' or 'address:<ip>'. */
  key: string;
  failures: number;
  locked_until: Timestamp | null;
  updated_at: Timestamp;
}

export interface WebhookEndpointTable {
  id: string;
  url: string;
  description: Generated<string>;
  event_types: string[];
  enabled: Generated<boolean>;
  disabled_reason: 'by_provider' | 'failing' | null;
  disabled_at: Timestamp | null;
  /** The signing secret, sealed (src/secrets/seal.ts): never stored readable. */
  secret_sealed: string;
  /** After a rotation, the old secret also signs until it expires, so receivers can switch over. */
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Timestamp | null;
  failing_since: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Timestamp | null;
}

/** Written by triggers in the transaction of each change (migration 0019): the outbox. */
export interface EventTable {
  id: Generated<string>;
  sequence: Generated<bigint>;
  type: string;
  api_version: Generated<string>;
  organization_id: string | null;
  data: ColumnType<Record<string, unknown>, string, never>;
  created_at: Generated<Date>;
}

export interface WebhookDeliveryTable {
  id: Generated<bigint>;
  endpoint_id: string;
  event_id: string;
  status: Generated<'pending' | 'succeeded' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  claimed_until: Timestamp | null;
  claim_token: string | null;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface WebhookAttemptTable {
  id: Generated<bigint>;
  delivery_id: bigint;
  endpoint_id: string;
  event_id: string;
  attempt: number;
  status_code: number | null;
  latency_ms: number;
  response_excerpt: string;
  error: string | null;
  attempted_at: Timestamp;
}

export interface JobRunTable {
  name: string;
  claimed_until: Timestamp | null;
  claimed_by: string | null;
  runs: Generated<number>;
  failures: Generated<number>;
  last_started_at: Timestamp | null;
  last_finished_at: Timestamp | null;
  last_error: string | null;
}

export interface ProviderEmailTable {
  id: Generated<string>;
  to_address: string;
  subject: string;
  body: string;
  created_at: Generated<Date>;
  /** Taken by the SMTP server; its sending is a queue task (topic email.provider). */
  sent_at: Timestamp | null;
}

/** Background work done item by item (src/queue): how the work on one row is going. */
export interface QueueTaskTable {
  id: Generated<bigint>;
  topic: string;
  subject_id: string;
  run_at: Generated<Date>;
  attempts: Generated<number>;
  claimed_until: Timestamp | null;
  claim_token: string | null;
  last_error: string | null;
  dead_at: Timestamp | null;
  done_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The seller's dunning policy (one row). */
export interface DunningPolicyTable {
  id: number;
  policy: ColumnType<DunningPolicy, string, string>;
  updated_at: Generated<Date>;
}

/** A reminder sent before a card expires: one per card, expiry and days before. */
export interface CardExpiryReminderTable {
  payment_method_id: string;
  exp_month: number;
  exp_year: number;
  days_before: number;
  sent_at: Date;
}

export interface Database {
  dunning_policy: DunningPolicyTable;
  card_expiry_reminders: CardExpiryReminderTable;
  organizations: OrganizationTable;
  users: UserTable;
  sessions: SessionTable;
  recovery_codes: RecoveryCodeTable;
  passkeys: PasskeyTable;
  api_keys: ApiKeyTable;
  user_tokens: UserTokenTable;
  seller_profile: SellerProfileTable;
  bank_transfers: BankTransferTable;
  provider_audit_log: ProviderAuditLogTable;
  products: ProductTable;
  prices: PriceTable;
  payment_methods: PaymentMethodTable;
  subscriptions: SubscriptionTable;
  invoices: InvoiceTable;
  payments: PaymentTable;
  payment_invoices: PaymentInvoiceTable;
  ledger_entries: LedgerEntryTable;
  idempotency_keys: IdempotencyKeyTable;
  audit_log: AuditLogTable;
  notifications: NotificationTable;
  sandbox_cards: SandboxCardTable;
  sandbox_charges: SandboxChargeTable;
  sandbox_refunds: SandboxRefundTable;
  processor_intents: ProcessorIntentTable;
  processor_customers: ProcessorCustomerTable;
  tappay_cards: TapPayCardTable;
  tappay_payments: TapPayPaymentTable;
  tappay_refunds: TapPayRefundTable;
  refunds: RefundTable;
  sign_in_throttle: SignInThrottleTable;
  webhook_endpoints: WebhookEndpointTable;
  events: EventTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  job_runs: JobRunTable;
  provider_emails: ProviderEmailTable;
  queue_tasks: QueueTaskTable;
  document_sequences: DocumentSequenceTable;
  credit_notes: CreditNoteTable;
  credit_note_lines: CreditNoteLineTable;
  einvoice_tracks: EInvoiceTrackTable;
  einvoices: EInvoiceTable;
  einvoice_allowances: EInvoiceAllowanceTable;
  sandbox_einvoices: SandboxEInvoiceTable;
  sandbox_einvoice_allowances: SandboxEInvoiceAllowanceTable;
}

/** A number range (字軌) the tax office allotted the seller for one two-month period. */
export interface EInvoiceTrackTable {
  id: string;
  /** The period's first month: 2026-11 for November and December. */
  period: string;
  track: string;
  first_number: number;
  last_number: number;
  /** The sandbox issuer's next number; an issuer elsewhere counts its own. */
  next_number: number;
  low_warned_at: Timestamp | null;
  created_at: Generated<Date>;
}

export type EInvoiceStatus = 'pending' | 'unknown' | 'issued' | 'failed' | 'voided' | 'canceled';

/** An e-invoice Settle asked its issuer for (src/einvoice): one per paid TWD invoice, and its reissues. */
export interface EInvoiceTable {
  id: string;
  organization_id: string;
  invoice_id: string;
  /** The seller's id at the issuer: unique, so nothing is issued twice. */
  relate_number: string;
  replaces_einvoice_id: string | null;
  status: EInvoiceStatus;
  buyer: ColumnType<EInvoiceBuyer, string, string>;
  buyer_email: string;
  buyer_name: string;
  buyer_address: string | null;
  amount_minor: bigint;
  tax_minor: bigint;
  item_name: string;
  number: string | null;
  random_code: string | null;
  issued_at: Timestamp | null;
  failure_code: string | null;
  failure_message: string | null;
  void_requested_at: Timestamp | null;
  void_reason: string | null;
  voided_at: Timestamp | null;
  late_warned_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface EInvoiceAllowanceTable {
  id: string;
  einvoice_id: string;
  credit_note_id: string;
  status: 'pending' | 'unknown' | 'issued' | 'failed' | 'voided';
  amount_minor: bigint;
  tax_minor: bigint;
  number: string | null;
  issued_at: Timestamp | null;
  failure_code: string | null;
  failure_message: string | null;
  voided_at: Timestamp | null;
  created_at: Generated<Date>;
}

/** The sandbox issuer's own books: what a value-added center keeps (src/einvoice/sandbox). */
export interface SandboxEInvoiceTable {
  relate_number: string;
  number: string;
  random_code: string;
  issued_at: Timestamp;
  amount_minor: bigint;
  remaining_minor: bigint;
  buyer: ColumnType<EInvoiceBuyer, string, string>;
  voided_at: Timestamp | null;
}

export interface SandboxEInvoiceAllowanceTable {
  number: string;
  request_id: string;
  invoice_number: string;
  amount_minor: bigint;
  issued_at: Timestamp;
  voided_at: Timestamp | null;
}

/** A credit note: the seller's document for what it takes back from what was billed (see src/credit-notes). */
export interface CreditNoteTable {
  id: string;
  number: string;
  organization_id: string;
  /** Null for a credit to the customer's balance (it belongs to the customer, not a subscription). */
  subscription_id: string | null;
  /**
   * invoice_reduction: an open invoice owes less; refund: documents money given back (refund_id);
   * customer_balance: credits the customer's balance (no invoice), for its next invoices.
   */
  kind: 'invoice_reduction' | 'refund' | 'customer_balance';
  refund_id: string | null;
  currency: CurrencyCode;
  amount_minor: bigint;
  tax_minor: bigint;
  reason: Exclude<RefundReason, 'unrecorded_charge'>;
  note: string | null;
  issued_on: DateOnly;
  seller: ColumnType<SellerSnapshot | null, string | null | undefined, never>;
  created_at: Generated<Date>;
}

/** What one credit note takes off one invoice, tax included (tax_minor its share). */
export interface CreditNoteLineTable {
  credit_note_id: string;
  invoice_id: string;
  amount_minor: bigint;
  tax_minor: bigint;
}

/** The seller's numbering of one kind of document: the last number taken (see billing/take-document-numbers.ts). */
export interface DocumentSequenceTable {
  kind: DocumentKind;
  last_number: bigint;
}

export type DocumentKind = 'invoice' | 'credit_note';

export type Payment = Selectable<PaymentTable>;
export type Subscription = Selectable<SubscriptionTable>;
export type Invoice = Selectable<InvoiceTable>;
export type PaymentMethod = Selectable<PaymentMethodTable>;
export type NewLedgerEntry = Insertable<LedgerEntryTable>;
