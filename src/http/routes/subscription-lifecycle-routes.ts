import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders } from '../../contract/api.js';
import { idSchema } from '../../contract/fields.js';
import { subscriptionDetailsSchema } from '../../contract/subscriptions.js';
import type { Db } from '../../db/connect.js';
import type { PaymentGateway } from '../../gateway/payment-gateway.js';
import { cancelSubscription } from '../../subscriptions/cancel-subscription.js';
import { getSubscription } from '../../subscriptions/get-subscription.js';
import { reactivateSubscription } from '../../subscriptions/reactivate-subscription.js';
import { requestLocale, requireActor } from '../request-context.js';

/** Cancel a subscription (now, or at the end of its term) and start it again. */
export function subscriptionLifecycleRoutes(db: Db, gateway: PaymentGateway): FastifyPluginAsyncZod {
  return async (app) => {
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
  };
}
