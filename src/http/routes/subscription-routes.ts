import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders } from '../../contract/api.js';
import { paymentAnswers, settleRequestSchema } from '../../contract/cards.js';
import { idSchema } from '../../contract/fields.js';
import {
  billingSettingsSchema,
  billingSummarySchema,
  licenseChangeSchema,
  licenseCountSchema,
  renewalPreviewSchema,
  subscriptionDetailsSchema,
  subscriptionPageSchema,
} from '../../contract/subscriptions.js';
import type { Db } from '../../db/connect.js';
import type { PaymentGateway } from '../../gateway/payment-gateway.js';
import { organizationBalance } from '../../ledger/organization-balance.js';
import { settleBalance } from '../../payments/settle-balance.js';
import { cancelSubscription } from '../../subscriptions/cancel-subscription.js';
import { changeLicenses } from '../../subscriptions/change-licenses.js';
import { getSubscription } from '../../subscriptions/get-subscription.js';
import { listSubscriptions } from '../../subscriptions/list-subscriptions.js';
import { previewLicenseChange } from '../../subscriptions/preview-license-change.js';
import { previewRenewal } from '../../subscriptions/preview-renewal.js';
import { reactivateSubscription } from '../../subscriptions/reactivate-subscription.js';
import { updateBillingSettings } from '../../subscriptions/update-billing-settings.js';
import { requestLocale, requireActor } from '../request-context.js';
import { paymentResult } from './payment-result.js';

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
            q: z
              .string()
              .max(100)
              .optional()
              .describe('only products whose name contains this (either language)'),
          }),
          response: { 200: subscriptionPageSchema },
        },
      },
      async (request) =>
        listSubscriptions({
          db,
          actor: requireActor(request),
          locale: requestLocale(request),
          limit: request.query.limit,
          after: request.query.after,
          search: request.query.q,
        }),
    );

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
          response: { 200: renewalPreviewSchema, 404: errorSchema },
        },
      },
      async (request) =>
        previewRenewal({
          db,
          actor: requireActor(request),
          subscriptionId: request.params.subscriptionId,
          ...request.query,
        }),
    );

    app.patch(
      '/api/subscriptions/:subscriptionId',
      {
        schema: {
          tags: ['subscriptions'],
          summary: 'Turn recurring billing on or off, change the billing frequency (from the next renewal)',
          headers: idempotencyHeaders,
          params: z.object({ subscriptionId: idSchema }),
          body: billingSettingsSchema,
          response: { 200: renewalPreviewSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request) =>
        updateBillingSettings({
          db,
          actor: requireActor(request),
          subscriptionId: request.params.subscriptionId,
          ...request.body,
        }),
    );

    app.get(
      '/api/subscriptions/:subscriptionId/licenses',
      {
        schema: {
          tags: ['subscriptions'],
          summary: 'Preview a change of license count: what is billed now (prorated) and at each renewal',
          params: z.object({ subscriptionId: idSchema }),
          querystring: z.object({ licenses: z.coerce.number().pipe(licenseCountSchema) }),
          response: { 200: licenseChangeSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) =>
        previewLicenseChange({
          db,
          actor: requireActor(request),
          subscriptionId: request.params.subscriptionId,
          licenses: request.query.licenses,
        }),
    );

    app.put(
      '/api/subscriptions/:subscriptionId/licenses',
      {
        schema: {
          tags: ['subscriptions'],
          summary: 'Change the license count; added licenses are invoiced and charged now, prorated',
          headers: idempotencyHeaders,
          params: z.object({ subscriptionId: idSchema }),
          body: z.object({ licenses: licenseCountSchema }),
          response: { 200: licenseChangeSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) =>
        changeLicenses({
          db,
          gateway,
          actor: requireActor(request),
          subscriptionId: request.params.subscriptionId,
          licenses: request.body.licenses,
        }),
    );

    app.get(
      '/api/billing/summary',
      {
        schema: {
          tags: ['subscriptions'],
          summary: 'The organization’s outstanding balance, derived from the ledger',
          response: { 200: billingSummarySchema },
        },
      },
      async (request) => organizationBalance({ db, actor: requireActor(request) }),
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
      async (request) =>
        getSubscription({
          db,
          actor: requireActor(request),
          subscriptionId: request.params.subscriptionId,
          locale: requestLocale(request),
        }),
    );

    app.post(
      '/api/subscriptions/:subscriptionId/cancel',
      {
        schema: {
          tags: ['subscriptions'],
          summary: 'Cancel subscription: at the end of the term (it expires then) or now (Disabled at once)',
          headers: idempotencyHeaders,
          params: z.object({ subscriptionId: idSchema }),
          body: z.object({ when: z.enum(['period_end', 'now']) }),
          response: { 200: subscriptionDetailsSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        await cancelSubscription({
          db,
          subscriptionId: request.params.subscriptionId,
          when: request.body.when,
          by: { userId: actor.userId, organizationId: actor.organizationId, role: actor.role },
        });
        return getSubscription({
          db,
          actor,
          subscriptionId: request.params.subscriptionId,
          locale: requestLocale(request),
        });
      },
    );

    app.post(
      '/api/subscriptions/:subscriptionId/reactivate',
      {
        schema: {
          tags: ['subscriptions'],
          summary: 'Reactivate this subscription: renew again, or start a new period charged to its card',
          headers: idempotencyHeaders,
          params: z.object({ subscriptionId: idSchema }),
          response: { 200: subscriptionDetailsSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        await reactivateSubscription({
          db,
          gateway,
          subscriptionId: request.params.subscriptionId,
          by: { userId: actor.userId, organizationId: actor.organizationId, role: actor.role },
        });
        return getSubscription({
          db,
          actor,
          subscriptionId: request.params.subscriptionId,
          locale: requestLocale(request),
        });
      },
    );

    app.post(
      '/api/subscriptions/:subscriptionId/settle',
      {
        // Adding a card needs a recent sign-in or "confirm it's you"; paying with a saved one does not.
        config: { reauthentication: addsNewCard },
        schema: {
          tags: ['payments'],
          summary: 'Charge the whole outstanding balance of a subscription',
          headers: idempotencyHeaders,
          params: z.object({ subscriptionId: idSchema }),
          body: settleRequestSchema,
          response: paymentAnswers,
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
        // 202: the processor did not answer (reconciliation will settle what happened), or the
        // bank asks the admin to confirm (nextAction).
        return reply.status(payment.status === 'succeeded' ? 200 : 202).send(paymentResult(payment));
      },
    );
  };
}

function addsNewCard(body: unknown): boolean {
  return (body as { card?: { kind?: unknown } } | null)?.card?.kind === 'new';
}
