import { z } from 'zod';
import type { WebhookEventType } from '../domain/webhook-events.js';
import {
  bankTransferObjectSchema,
  creditBalanceObjectSchema,
  creditNoteObjectSchema,
  einvoiceObjectSchema,
  invoiceObjectSchema,
  organizationObjectSchema,
  paymentObjectSchema,
  refundObjectSchema,
  subscriptionObjectSchema,
} from './objects.js';
import { minorUnits, subscriptionStatusSchema } from './wire.js';

// Each event's data, version 2026-11-01: the resource's object as its GET answers it, and what changed.

export const eventDataSchemas = {
  'subscription.created': z.object({ object: subscriptionObjectSchema }),
  'subscription.updated': z.object({
    object: subscriptionObjectSchema,
    previousAttributes: subscriptionObjectSchema.partial().describe('The fields that changed, as they were'),
  }),
  'subscription.status_changed': z.object({
    object: subscriptionObjectSchema,
    previousStatus: subscriptionStatusSchema,
    status: subscriptionStatusSchema,
  }),
  'invoice.issued': z.object({ object: invoiceObjectSchema }),
  'invoice.paid': z.object({ object: invoiceObjectSchema }),
  'invoice.voided': z.object({ object: invoiceObjectSchema }),
  'payment.succeeded': z.object({ object: paymentObjectSchema }),
  'payment.failed': z.object({ object: paymentObjectSchema }),
  'payment.refunded': z.object({
    object: paymentObjectSchema,
    refund: z.object({
      id: z.string(),
      amountMinor: minorUnits,
      currency: z.string(),
      reason: z.string(),
    }),
  }),
  'refund.succeeded': z.object({ object: refundObjectSchema }),
  'refund.failed': z.object({ object: refundObjectSchema }),
  'credit_note.issued': z.object({ object: creditNoteObjectSchema }),
  'bank_transfer.received': z.object({ object: bankTransferObjectSchema }),
  'credit_balance.changed': z.object({
    object: creditBalanceObjectSchema,
    previousAmountMinor: minorUnits.describe('The balance before this change'),
  }),
  'einvoice.issued': z.object({ object: einvoiceObjectSchema }),
  'einvoice.voided': z.object({ object: einvoiceObjectSchema }),
  'einvoice.allowance_issued': z.object({
    object: einvoiceObjectSchema,
    allowanceId: z.string().describe('The allowance just issued, among object.allowances'),
  }),
  'einvoice.failed': z.object({ object: einvoiceObjectSchema }),
  'organization.created': z.object({ object: organizationObjectSchema }),
  'organization.updated': z.object({
    object: organizationObjectSchema,
    previousAttributes: organizationObjectSchema.partial().describe('The fields that changed, as they were'),
  }),
} satisfies Record<WebhookEventType, z.ZodType>;

export type EventData<T extends WebhookEventType> = z.output<(typeof eventDataSchemas)[T]>;
