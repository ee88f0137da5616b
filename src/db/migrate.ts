import type { Kysely } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import * as initial from './migrations/0001-initial.js';
import * as billingLifecycle from './migrations/0002-billing-lifecycle.js';
import * as paymentMethodRemoval from './migrations/0003-payment-method-removal.js';
import * as invoiceKinds from './migrations/0004-invoice-kinds.js';
import * as invoiceEmails from './migrations/0005-invoice-emails.js';
import * as billingRunOrder from './migrations/0006-billing-run-order.js';
import * as refunds from './migrations/0007-refunds.js';
import * as periodFrequency from './migrations/0008-period-frequency.js';
import * as signInThrottle from './migrations/0009-sign-in-throttle.js';
import * as notChargedChecks from './migrations/0010-not-charged-checks.js';
import * as sessionsAndMfa from './migrations/0011-sessions-and-mfa.js';
import * as passkeys from './migrations/0012-passkeys.js';
import * as apiKeys from './migrations/0013-api-keys.js';
import * as organizationBillingProfile from './migrations/0014-organization-billing-profile.js';
import * as catalogue from './migrations/0015-catalogue.js';
import * as userTokens from './migrations/0016-user-tokens.js';
import * as sellerProfile from './migrations/0017-seller-profile.js';
import * as userRemoval from './migrations/0018-user-removal.js';
import * as eventsAndJobs from './migrations/0019-events-and-jobs.js';
import * as invoiceNumbers from './migrations/0020-invoice-numbers.js';
import * as auditOrigin from './migrations/0021-audit-origin.js';
import * as noticeFacts from './migrations/0022-notice-facts.js';
import * as paymentAuthentication from './migrations/0023-payment-authentication.js';
import * as processorKeys from './migrations/0024-processor-keys.js';
import * as tappay from './migrations/0025-tappay.js';
import * as noticeRepeats from './migrations/0026-notice-repeats.js';
import * as idempotencyResource from './migrations/0027-idempotency-resource.js';
import * as webhookEndpointClaims from './migrations/0028-webhook-endpoint-claims.js';
import * as eventsFromUseCases from './migrations/0029-events-from-use-cases.js';
import * as queueTasks from './migrations/0030-queue-tasks.js';
import * as billingAnchor from './migrations/0031-billing-anchor.js';
import * as paymentChecksQueued from './migrations/0032-payment-checks-queued.js';
import * as documentNumbers from './migrations/0033-document-numbers.js';
import * as subscriptionEndedAt from './migrations/0034-subscription-ended-at.js';
import * as invoiceVoid from './migrations/0035-invoice-void.js';
import * as sellerRefunds from './migrations/0036-seller-refunds.js';
import * as creditNotes from './migrations/0037-credit-notes.js';
import * as organizationArchive from './migrations/0038-organization-archive.js';
import * as offlinePayments from './migrations/0039-offline-payments.js';
import * as customerCredit from './migrations/0040-customer-credit.js';
import * as bankTransfers from './migrations/0041-bank-transfers.js';
import * as subscriptionUpdatedAt from './migrations/0042-subscription-updated-at.js';
import * as dunningPolicies from './migrations/0043-dunning-policies.js';
import * as einvoices from './migrations/0044-einvoices.js';

export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-billing-lifecycle': billingLifecycle,
  '0003-payment-method-removal': paymentMethodRemoval,
  '0004-invoice-kinds': invoiceKinds,
  '0005-invoice-emails': invoiceEmails,
  '0006-billing-run-order': billingRunOrder,
  '0007-refunds': refunds,
  '0008-period-frequency': periodFrequency,
  '0009-sign-in-throttle': signInThrottle,
  '0010-not-charged-checks': notChargedChecks,
  '0011-sessions-and-mfa': sessionsAndMfa,
  '0012-passkeys': passkeys,
  '0013-api-keys': apiKeys,
  '0014-organization-billing-profile': organizationBillingProfile,
  '0015-catalogue': catalogue,
  '0016-user-tokens': userTokens,
  '0017-seller-profile': sellerProfile,
  '0018-user-removal': userRemoval,
  '0019-events-and-jobs': eventsAndJobs,
  '0020-invoice-numbers': invoiceNumbers,
  '0021-audit-origin': auditOrigin,
  '0022-notice-facts': noticeFacts,
  '0023-payment-authentication': paymentAuthentication,
  '0024-processor-keys': processorKeys,
  '0025-tappay': tappay,
  '0026-notice-repeats': noticeRepeats,
  '0027-idempotency-resource': idempotencyResource,
  '0028-webhook-endpoint-claims': webhookEndpointClaims,
  '0029-events-from-use-cases': eventsFromUseCases,
  '0030-queue-tasks': queueTasks,
  '0031-billing-anchor': billingAnchor,
  '0032-payment-checks-queued': paymentChecksQueued,
  '0033-document-numbers': documentNumbers,
  '0034-subscription-ended-at': subscriptionEndedAt,
  '0035-invoice-void': invoiceVoid,
  '0036-seller-refunds': sellerRefunds,
  '0037-credit-notes': creditNotes,
  '0038-organization-archive': organizationArchive,
  '0039-offline-payments': offlinePayments,
  '0040-customer-credit': customerCredit,
  '0041-bank-transfers': bankTransfers,
  '0042-subscription-updated-at': subscriptionUpdatedAt,
  '0043-dunning-policies': dunningPolicies,
  '0044-einvoices': einvoices,
};

// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the typed schema, as Kysely's Migration type expects
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}
