// The web app's only door to the server. State-changing calls carry an Idempotency-Key made once
// per user action, so a retry of that action (network blip, double click) can never act twice.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function parse<T>(response: Response): Promise<T> {
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok)
    throw new ApiError(response.status, body?.code ?? 'internal_error', body?.message ?? response.statusText);
  return body as T;
}

export async function getJson<T>(url: string): Promise<T> {
  return parse<T>(await fetch(url, { credentials: 'same-origin' }));
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** Sends once, and once more with the same key if the network failed before any answer came. */
export async function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH',
  url: string,
  body: unknown,
  idempotencyKey: string,
): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify(body),
  };
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    response = await fetch(url, init);
  }
  return parse<T>(response);
}

export async function sendDelete(url: string, idempotencyKey: string): Promise<void> {
  await parse(
    await fetch(url, {
      method: 'DELETE',
      credentials: 'same-origin',
      headers: { 'idempotency-key': idempotencyKey },
    }),
  );
}

export type Locale = 'en-US' | 'zh-TW';
export type Role = 'global_admin' | 'billing_admin' | 'global_reader' | 'user';
export type SubscriptionStatus = 'active' | 'expired' | 'disabled' | 'deleted';

export interface Me {
  userId: string;
  displayName: string;
  email: string;
  role: Role;
  locale: Locale;
  localeIsSaved: boolean;
  attachInvoicePdf: boolean;
  organization: { id: string; name: string; currency: string };
}

export interface SubscriptionSummary {
  id: string;
  productName: string;
  licenses: number;
  billingFrequency: 'monthly' | 'annual';
  status: SubscriptionStatus;
  recurringBilling: boolean;
  nextBillingDate: string;
  currency: string;
  periodAmountMinor: number;
  amountDueMinor: number;
  paymentInProgress: boolean;
  card: { brand: string; last4: string } | null;
}

export interface Invoice {
  id: string;
  number: string;
  subscriptionId: string;
  productName: string;
  issuedOn: string;
  dueOn: string;
  periodStart: string;
  periodEnd: string;
  currency: string;
  amountMinor: number;
  taxMinor: number;
  status: 'open' | 'paid' | 'void';
  paidAt: string | null;
}

export interface BillingSummary {
  currency: string;
  outstandingMinor: number;
  pastDueSubscriptions: number;
  paymentsInProgress: number;
}

export interface SubscriptionDetails extends SubscriptionSummary {
  paymentMethodId: string | null;
  pastDueSince: string | null;
  openInvoices: { id: string; number: string; issuedOn: string; dueOn: string; amountMinor: number }[];
  latestPayment: { id: string; status: string; failureCode: string | null; createdAt: string } | null;
}

export interface PaymentMethod {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  cardholderName: string;
  ownerName: string;
  ownedByMe: boolean;
  expired: boolean;
  subscriptionCount: number;
}

export interface PaymentResult {
  paymentId: string;
  status: 'pending' | 'succeeded' | 'failed' | 'unknown';
  amountMinor: number;
  currency: string;
  card: { brand: string; last4: string };
}

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  name: string;
}

/** The card goes to the processor's tokenizer, never to Settle's API; Settle gets the token. */
export async function tokenizeCard(card: CardInput, locale: Locale): Promise<{ token: string }> {
  return parse(
    await fetch('/gateway/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': locale },
      body: JSON.stringify(card),
    }),
  );
}
