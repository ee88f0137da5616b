import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connect.js';
import { minorToJson } from '../../domain/money.js';
import type { PaymentGateway } from '../../gateway/payment-gateway.js';
import { organizationBalance } from '../../ledger/organization-balance.js';
import { settleBalance } from '../../payments/settle-balance.js';
import { changeLicenses, type LicenseChange } from '../../subscriptions/change-licenses.js';
import { getSubscription } from '../../subscriptions/get-subscription.js';
import { listSubscriptions, type SubscriptionSummary } from '../../subscriptions/list-subscriptions.js';
import { previewRenewal, type RenewalPreview } from '../../subscriptions/preview-renewal.js';
import { updateBillingSettings } from '../../subscriptions/update-billing-settings.js';
import { requireActor } from '../request-context.js';
import {
  errorSchema,
  idempotencyHeaders,
  idSchema,
  paymentResultSchema,
  settleRequestSchema,
  subscriptionDetailsSchema,
  subscriptionSummarySchema,
} from '../schemas.js';

function summaryToJson(summary: SubscriptionSummary) {
  return {
    ...summary,
    periodAmountMinor: minorToJson(summary.periodAmountMinor),
    amountDueMinor: minorToJson(summary.amountDueMinor),
  };
}

export function subscriptionRoutes(db: Db, gateway: PaymentGateway): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/subscriptions',
      {
        schema: {
          tags: ['subscriptions'],
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            after: z.string().max(200).optional(),
          }),
          response: {
            200: z.object({ items: z.array(subscriptionSummarySchema), nextCursor: z.string().nullable() }),
          },
        },
      },
      async (request) => {
        const page = await listSubscriptions({ db, actor: requireActor(request), ...request.query });
        return { items: page.items.map(summaryToJson), nextCursor: page.nextCursor };
      },
    );

    const renewalSchema = z.object({
      recurringBilling: z.boolean(),
      billingFrequency: z.enum(['monthly', 'annual']),
      nextInvoiceDate: z.string().nullable(),
      periodEnd: z.string().nullable(),
      currency: z.string(),
      subtotalMinor: z.number().int(),
      taxMinor: z.number().int(),
      totalMinor: z.number().int(),
    });
    const renewalToJson = (preview: RenewalPreview) => ({
      ...preview,
      subtotalMinor: minorToJson(preview.subtotalMinor),
      taxMinor: minorToJson(preview.taxMinor),
      totalMinor: minorToJson(preview.totalMinor),
    });
    const settingsSchema = z.object({
      billingFrequency: z.enum(['monthly', 'annual']).optional(),
      recurringBilling: z.boolean().optional(),
    });

    app.get(
      '/api/subscriptions/:subscriptionId/renewal',
      {
        schema: {
          tags: ['subscriptions'],
          summary: 'Preview the next invoice with the current or proposed billing settings',
          params: z.object({ subscriptionId: idSchema }),
          querystring: z.object({
            billingFrequency: z.enum(['monthly', 'annual']).optional(),
            recurringBilling: z
              .enum(['true', 'false'])
              .transform((value) => value === 'true')
              .optional(),
          }),
          response: { 200: renewalSchema, 404: errorSchema },
        },
      },
      async (request) =>
        renewalToJson(
          await previewRenewal({
            db,
            actor: requireActor(request),
            subscriptionId: request.params.subscriptionId,
            ...request.query,
          }),
        ),
    );

    app.patch(
      '/api/subscriptions/:subscriptionId',
      {
        schema: {
          tags: ['subscriptions'],
          summary: 'Turn recurring billing on or off, change the billing frequency (from the next renewal)',
          headers: idempotencyHeaders,
          params: z.object({ subscriptionId: idSchema }),
          body: settingsSchema,
          response: { 200: renewalSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request) =>
        renewalToJson(
          await updateBillingSettings({
            db,
            actor: requireActor(request),
            subscriptionId: request.params.subscriptionId,
            ...request.body,
          }),
        ),
    );

    const licenseChangeSchema = z.object({
      previousLicenses: z.number().int(),
      licenses: z.number().int(),
      currency: z.string(),
      prorationTotalMinor: z.number().int(),
      prorationTaxMinor: z.number().int(),
      daysLeft: z.number().int(),
      renewalTotalMinor: z.number().int(),
      payment: z.enum(['pending', 'succeeded', 'failed', 'unknown']).nullable(),
    });
    const licenseChangeToJson = (change: LicenseChange) => ({
      ...change,
      prorationTotalMinor: minorToJson(change.prorationTotalMinor),
      prorationTaxMinor: minorToJson(change.prorationTaxMinor),
      renewalTotalMinor: minorToJson(change.renewalTotalMinor),
    });
    const licenseCount = z.number().int().min(1).max(100_000);

    app.get(
      '/api/subscriptions/:subscriptionId/licenses',
      {
        schema: {
          tags: ['subscriptions'],
          summary: 'Preview a change of license count: what is billed now (prorated) and at each renewal',
          params: z.object({ subscriptionId: idSchema }),
          querystring: z.object({ licenses: z.coerce.number().pipe(licenseCount) }),
          response: { 200: licenseChangeSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) =>
        licenseChangeToJson(
          await changeLicenses({
            db,
            gateway,
            actor: requireActor(request),
            subscriptionId: request.params.subscriptionId,
            licenses: request.query.licenses,
            preview: true,
          }),
        ),
    );

    app.put(
      '/api/subscriptions/:subscriptionId/licenses',
      {
        schema: {
          tags: ['subscriptions'],
          summary: 'Change the license count; added licenses are invoiced and charged now, prorated',
          headers: idempotencyHeaders,
          params: z.object({ subscriptionId: idSchema }),
          body: z.object({ licenses: licenseCount }),
          response: { 200: licenseChangeSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) =>
        licenseChangeToJson(
          await changeLicenses({
            db,
            gateway,
            actor: requireActor(request),
            subscriptionId: request.params.subscriptionId,
            licenses: request.body.licenses,
          }),
        ),
    );

    app.get(
      '/api/billing/summary',
      {
        schema: {
          tags: ['subscriptions'],
          summary: 'The organization’s outstanding balance, derived from the ledger',
          response: {
            200: z.object({
              currency: z.string(),
              outstandingMinor: z.number().int(),
              pastDueSubscriptions: z.number().int(),
              paymentsInProgress: z.number().int(),
            }),
          },
        },
      },
      async (request) => {
        const balance = await organizationBalance({ db, actor: requireActor(request) });
        return { ...balance, outstandingMinor: minorToJson(balance.outstandingMinor) };
      },
    );

    app.get(
      '/api/subscriptions/:subscriptionId',
      {
        schema: {
          tags: ['subscriptions'],
          params: z.object({ subscriptionId: idSchema }),
          response: { 200: subscriptionDetailsSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const details = await getSubscription({
          db,
          actor: requireActor(request),
          subscriptionId: request.params.subscriptionId,
        });
        return {
          ...summaryToJson(details),
          paymentMethodId: details.paymentMethodId,
          pastDueSince: details.pastDueSince?.toISOString() ?? null,
          openInvoices: details.openInvoices.map((invoice) => ({
            ...invoice,
            amountMinor: minorToJson(invoice.amountMinor),
          })),
          latestPayment: details.latestPayment && {
            ...details.latestPayment,
            createdAt: details.latestPayment.createdAt.toISOString(),
          },
        };
      },
    );

    app.post(
      '/api/subscriptions/:subscriptionId/settle',
      {
        schema: {
          tags: ['payments'],
          summary: 'Charge the whole outstanding balance of a subscription',
          headers: idempotencyHeaders,
          params: z.object({ subscriptionId: idSchema }),
          body: settleRequestSchema,
          response: {
            200: paymentResultSchema,
            202: paymentResultSchema,
            402: errorSchema,
            403: errorSchema,
            404: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const payment = await settleBalance({
          db,
          gateway,
          actor: requireActor(request),
          subscriptionId: request.params.subscriptionId,
          card: request.body.card,
          expectedAmountMinor: BigInt(request.body.expectedAmountMinor),
        });
        // 202: the processor did not answer; reconciliation will settle what happened.
        return reply.status(payment.status === 'succeeded' ? 200 : 202).send({
          paymentId: payment.id,
          status: payment.status,
          amountMinor: minorToJson(payment.amount_minor),
          currency: payment.currency,
          card: { brand: payment.card_brand, last4: payment.card_last4 },
        });
      },
    );
  };
}
