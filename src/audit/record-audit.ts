import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { currentRequestOrigin } from './request-origin.js';

export type AuditAction =
  | 'balance.settled'
  | 'payment.failed'
  | 'payment.unknown'
  | 'payment.requires_action'
  | 'payment.reconciled'
  | 'payment.refunded'
  | 'payment.refund_issued'
  | 'payment.recorded'
  | 'payment.refund_failed'
  | 'payment_method.added'
  | 'payment_method.expiry_changed'
  | 'payment_method.removed'
  | 'subscription.payment_method_changed'
  | 'subscription.reactivated'
  | 'subscription.status_changed'
  | 'subscription.billing_settings_changed'
  | 'subscription.licenses_changed'
  | 'subscription.price_switched'
  | 'billing.invoice_issued'
  | 'billing.invoice_voided'
  | 'billing.credit_note_issued'
  | 'security.mfa_enabled'
  | 'security.mfa_removed'
  | 'security.recovery_codes_regenerated'
  | 'security.mfa_requirement_changed'
  | 'security.sessions_ended'
  | 'organization.created'
  | 'user.invited'
  | 'user.joined'
  | 'user.password_reset'
  | 'subscription.created'
  | 'subscription.canceled'
  | 'user.role_changed'
  | 'user.removed'
  | 'organization.billing_account_changed'
  | 'organization.einvoice_buyer_changed'
  | 'organization.updated'
  | 'organization.archived'
  | 'organization.restored'
  | 'bank_transfer.received';

export interface AuditEntry {
  action: AuditAction;
  targetType: 'subscription' | 'payment' | 'payment_method' | 'user' | 'organization' | 'invoice';
  targetId: string;
  details?: Record<string, unknown>;
}

export async function recordAudit(
  options: { tx: Kysely<Database>; organizationId: string; actorUserId: string | null } & AuditEntry,
): Promise<void> {
  await recordAuditEntries({ ...options, entries: [options] });
}

/** Several entries of one actor in one statement: a settlement writes up to four. */
export async function recordAuditEntries(options: {
  tx: Kysely<Database>;
  organizationId: string;
  actorUserId: string | null;
  entries: AuditEntry[];
}): Promise<void> {
  if (options.entries.length === 0) return;
  const origin = currentRequestOrigin();
  await options.tx
    .insertInto('audit_log')
    .values(
      options.entries.map((entry) => ({
        organization_id: options.organizationId,
        actor_user_id: options.actorUserId,
        action: entry.action,
        target_type: entry.targetType,
        target_id: entry.targetId,
        details: JSON.stringify(entry.details ?? {}, (_key, value) =>
          typeof value === 'bigint' ? value.toString() : value,
        ),
        ip: origin?.ip ?? null,
        user_agent: origin?.userAgent?.slice(0, 500) ?? null,
      })),
    )
    .execute();
}
