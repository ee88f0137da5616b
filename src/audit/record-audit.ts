import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export type AuditAction =
  | 'balance.settled'
  | 'payment.failed'
  | 'payment.unknown'
  | 'payment.reconciled'
  | 'payment_method.added'
  | 'payment_method.expiry_changed'
  | 'payment_method.removed'
  | 'subscription.payment_method_changed'
  | 'subscription.reactivated'
  | 'subscription.status_changed'
  | 'subscription.billing_settings_changed'
  | 'subscription.licenses_changed'
  | 'billing.invoice_issued';

export async function recordAudit(options: {
  tx: Kysely<Database>;
  organizationId: string;
  actorUserId: string | null;
  action: AuditAction;
  targetType: 'subscription' | 'payment' | 'payment_method';
  targetId: string;
  details?: Record<string, unknown>;
}): Promise<void> {
  await options.tx
    .insertInto('audit_log')
    .values({
      organization_id: options.organizationId,
      actor_user_id: options.actorUserId,
      action: options.action,
      target_type: options.targetType,
      target_id: options.targetId,
      details: JSON.stringify(options.details ?? {}, (_key, value) =>
        typeof value === 'bigint' ? value.toString() : value,
      ),
    })
    .execute();
}
