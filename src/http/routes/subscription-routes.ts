import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders } from '../../contract/api.js';
import { idSchema } from '../../contract/fields.js';
import {
  billingSettingsSchema,
  billingSummarySchema,
  renewalPreviewSchema,
  subscriptionDetailsSchema,
  subscriptionPageSchema,
} from '../../contract/subscriptions.js';
import type { Db } from '../../db/connect.js';
import type { PaymentGateway } from '../../gateway/payment-gateway.js';
import { organizationBalance } from '../../ledger/organization-balance.js';
import { getSubscription } from '../../subscriptions/get-subscription.js';
import { listSubscriptions } from '../../subscriptions/list-subscriptions.js';
import { previewRenewal } from '../../subscriptions/preview-renewal.js';
import { updateBillingSettings } from '../../subscriptions/update-billing-settings.js';
import { requestLocale, requireActor } from '../request-context.js';
import { licenseRoutes } from './license-routes.js';
import { settleRoutes } from './settle-routes.js';
import { subscriptionLifecycleRoutes } from './subscription-lifecycle-routes.js';

/** The organization's subscriptions in the admin center (Billing > Your products): listed, read, their billing settings changed; licenses, cancel and settle are plugins of their own. */
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

    await app.register(licenseRoutes(db, gateway));
    await app.register(subscriptionLifecycleRoutes(db, gateway));
    await app.register(settleRoutes(db, gateway));
  };
}
