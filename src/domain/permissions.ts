// Who may do what in an organization's billing. Pure: the HTTP layer and the use cases
// both ask here, so a rule hidden in the UI is also a rule on the server.

export const roles = ['global_admin', 'billing_admin', 'global_reader', 'user'] as const;
export type Role = (typeof roles)[number];

export type BillingAction = 'billing.read' | 'billing.manage' | 'audit.read';

const allowed: Record<Role, readonly BillingAction[]> = {
  global_admin: ['billing.read', 'billing.manage', 'audit.read'],
  billing_admin: ['billing.read', 'billing.manage'],
  global_reader: ['billing.read', 'audit.read'],
  user: [],
};

export function can(role: Role, action: BillingAction): boolean {
  return allowed[role].includes(action);
}

export type CardEditDecision = 'allowed' | 'not_permitted' | 'not_card_owner';

/**
 * Only the admin who added a card may change it: another admin may choose a different card or
 * add their own, never edit someone else's.
 */
export function decideCardEdit(
  actor: { userId: string; role: Role },
  card: { ownerUserId: string },
): CardEditDecision {
  if (!can(actor.role, 'billing.manage')) return 'not_permitted';
  if (actor.userId !== card.ownerUserId) return 'not_card_owner';
  return 'allowed';
}
