import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders, pageOf, pageQuerySchema } from '../../../contract/api.js';
import { idSchema } from '../../../contract/fields.js';
import { newSubscriptionSchema, providerSubscriptionSchema } from '../../../contract/subscriptions.js';
import type { Db } from '../../../db/connect.js';
import type { PaymentGateway } from '../../../gateway/payment-gateway.js';
import { cancelSubscription } from '../../../subscriptions/cancel-subscription.js';
import { createSubscription } from '../../../subscriptions/create-subscription.js';
import { listProviderSubscriptions } from '../../../subscriptions/list-provider-subscriptions.js';
import { readProviderSubscription } from '../../../subscriptions/provider-subscription-view.js';
import { reactivateSubscription } from '../../../subscriptions/reactivate-subscription.js';
import { requireApiKey } from '../../request-context.js';

const tags = ['provider'];
const security = [{ apiKey: [] }];

export function providerSubscriptionRoutes(db: Db, gateway: PaymentGateway): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/organizations/:organizationId/subscriptions',
      {
        schema: {
          tags,
          security,
          summary: 'Sell a subscription: first invoice at once, charged or sent per the collection method',
          headers: idempotencyHeaders,
          params: z.object({ organizationId: idSchema }),
          body: newSubscriptionSchema,
          response: { 201: providerSubscriptionSchema, 400: errorSchema, 404: errorSchema },
        },
      },
      async (request, reply) => {
        const { subscriptionId } = await createSubscription({
          db,
          gateway,
          caller: requireApiKey(request),
          organizationId: request.params.organizationId,
          idempotency: request.idempotency,
          ...request.body,
        });
        return reply.status(201).send(await readProviderSubscription(db, subscriptionId));
      },
    );

    app.get(
      '/organizations/:organizationId/subscriptions',
      {
        schema: {
          tags,
          security,
          params: z.object({ organizationId: idSchema }),
          querystring: pageQuerySchema,
          response: { 200: pageOf(providerSubscriptionSchema), 404: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return listProviderSubscriptions({
          db,
          organizationId: request.params.organizationId,
          ...request.query,
        });
      },
    );

    app.get(
      '/subscriptions',
      {
        schema: {
          tags,
          security,
          summary: 'Subscriptions across customers, newest first',
          description:
            'updatedSince takes those changed at or after an instant (stamped when the change is written, so a change committed a moment later may carry an earlier stamp: poll with a margin, or follow the events for an exact feed).',
          querystring: pageQuerySchema.extend({
            organizationId: idSchema.optional().describe('Only this customer’s'),
            status: z.enum(['active', 'expired', 'disabled', 'deleted']).optional(),
            updatedSince: z.iso
              .datetime({ offset: true })
              .optional()
              .describe('Changed at or after this instant'),
          }),
          response: { 200: pageOf(providerSubscriptionSchema), 400: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        const { updatedSince, ...rest } = request.query;
        return listProviderSubscriptions({
          db,
          ...rest,
          updatedSince: updatedSince === undefined ? undefined : new Date(updatedSince),
        });
      },
    );

    app.get(
      '/subscriptions/:subscriptionId',
      {
        schema: {
          tags,
          security,
          summary:
            'A subscription: the object its events carry (its invoices and payments: GET /invoices, /payments)',
          params: z.object({ subscriptionId: idSchema }),
          response: { 200: providerSubscriptionSchema, 404: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return readProviderSubscription(db, request.params.subscriptionId);
      },
    );

    app.post(
      '/subscriptions/:subscriptionId/cancel',
      {
        schema: {
          tags,
          security,
          summary: 'Cancel at the end of the term (it expires then) or now (Disabled at once)',
          headers: idempotencyHeaders,
          params: z.object({ subscriptionId: idSchema }),
          body: z.object({ when: z.enum(['period_end', 'now']) }),
          response: { 200: providerSubscriptionSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const caller = requireApiKey(request);
        await cancelSubscription({
          db,
          subscriptionId: request.params.subscriptionId,
          when: request.body.when,
          by: { apiKeyName: caller.name },
        });
        return readProviderSubscription(db, request.params.subscriptionId);
      },
    );

    app.post(
      '/subscriptions/:subscriptionId/reactivate',
      {
        schema: {
          tags,
          security,
          summary: 'Reactivate an Expired or Disabled subscription (its balance charged), or undo a cancel',
          headers: idempotencyHeaders,
          params: z.object({ subscriptionId: idSchema }),
          response: { 200: providerSubscriptionSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        const caller = requireApiKey(request);
        await reactivateSubscription({
          db,
          gateway,
          subscriptionId: request.params.subscriptionId,
          by: { apiKeyName: caller.name },
        });
        return readProviderSubscription(db, request.params.subscriptionId);
      },
    );
  };
}
