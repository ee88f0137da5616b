import type { QueryClient } from '@tanstack/react-query';

// Every cache key of the app in one place: a page and the code that refreshes it cannot drift apart.
export const queryKeys = {
  me: ['me'] as const,
  subscriptionList: ['subscriptions', 'list'] as const,
  billingSummary: ['subscriptions', 'summary'] as const,
  subscriptionsForReplace: ['subscriptions', 'all-for-replace'] as const,
  subscription: (id: string) => ['subscription', id] as const,
  renewal: (id: string, frequency: string, recurring: boolean) =>
    ['renewal', id, frequency, recurring] as const,
  licenses: (id: string, licenses: number) => ['licenses', id, licenses] as const,
  paymentMethods: ['payment-methods'] as const,
  processor: ['processor'] as const,
  invoices: (from: string, to: string, status: string) => ['invoices', from, to, status] as const,
  creditNotes: ['invoices', 'credit-notes'] as const,
  auditLog: ['audit-log'] as const,
  messages: ['messages'] as const,
  security: ['security'] as const,
  sessions: ['sessions'] as const,
  users: ['users'] as const,
  billingAccount: ['billing-account'] as const,
  einvoiceChoice: ['billing-account', 'einvoice'] as const,
};

/**
 * After anything that moves money or changes a subscription (a settlement, a card replaced, licenses
 * changed): every view of balances, subscriptions, cards and invoices is read again.
 */
export function refreshBilling(queryClient: QueryClient): Promise<unknown> {
  return Promise.all(
    [['subscriptions'], ['subscription'], ['payment-methods'], ['invoices'], ['renewal'], ['licenses']].map(
      (queryKey) => queryClient.invalidateQueries({ queryKey }),
    ),
  );
}
