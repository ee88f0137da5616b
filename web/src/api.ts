import type { CardInput, CardTokenReply } from '../../src/contract/cards.js';
import type { Locale } from '../../src/contract/fields.js';

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

let confirmIdentity: (() => Promise<boolean>) | null = null;

/**
 * The app's "Confirm it's you" dialog: a sensitive change refused with reauthentication_required
 * opens it, and once the user has confirmed, the same request goes again with the same key.
 */
export function setIdentityConfirmation(prompt: (() => Promise<boolean>) | null): void {
  confirmIdentity = prompt;
}

async function withIdentityConfirmation<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'reauthentication_required' && confirmIdentity))
      throw error;
    if (!(await confirmIdentity())) throw error;
    return send();
  }
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
  return withIdentityConfirmation(async () => {
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch {
      response = await fetch(url, init);
    }
    return parse<T>(response);
  });
}

export async function sendDelete(url: string, idempotencyKey: string): Promise<void> {
  await withIdentityConfirmation(async () =>
    parse(
      await fetch(url, {
        method: 'DELETE',
        credentials: 'same-origin',
        headers: { 'idempotency-key': idempotencyKey },
      }),
    ),
  );
}

// The server's contract, as it travels in JSON: one source for server and web, checked by tsc.
export type {
  Me,
  PasskeyView,
  ReauthenticateRequest,
  SecuritySettings,
  SessionView,
  SignInNextStep,
  TotpSetup,
} from '../../src/contract/account.js';
export type { AuditEntry, Message } from '../../src/contract/audit.js';
export type {
  CardCollection,
  CardExpiry,
  CardInput,
  CardTokenReply,
  PaymentMethod,
  PaymentResult,
  ProcessorInfo,
  SettleRequest,
} from '../../src/contract/cards.js';
export type { Locale, Role } from '../../src/contract/fields.js';
export type { CreditNote, Invoice } from '../../src/contract/invoices.js';
export type { Organization, UserView } from '../../src/contract/organizations.js';
export type {
  BillingSummary,
  LicenseChange,
  RenewalPreview,
  SubscriptionDetails,
  SubscriptionPage,
  SubscriptionStatus,
  SubscriptionSummary,
} from '../../src/contract/subscriptions.js';

/** The card goes to the processor's tokenizer, never to Settle's API; Settle gets the token. */
export async function tokenizeCard(card: CardInput, locale: Locale): Promise<CardTokenReply> {
  return parse(
    await fetch('/gateway/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': locale },
      body: JSON.stringify(card),
    }),
  );
}
