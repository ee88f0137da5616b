import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders } from '../../../contract/api.js';
import { idSchema } from '../../../contract/fields.js';
import {
  priceSwitchRequestSchema,
  priceSwitchSchema,
  providerSubscriptionSchema,
} from '../../../contract/subscriptions.js';
import type { Db } from '../../../db/connect.js';
import type { PaymentGateway } from '../../../gateway/payment-gateway.js';
import { previewPriceSwitch } from '../../../subscriptions/preview-price-switch.js';
import { readProviderSubscription } from '../../../subscriptions/provider-subscription-view.js';
import { switchPrice } from '../../../subscriptions/switch-price.js';
import { requireApiKey } from '../../request-context.js';

const tags = ['provider'];
const security = [{ apiKey: [] }];
const params = z.object({ subscriptionId: idSchema });

/** A subscription's plan switched by the seller: previewed, then made, by the same computation. */
export function priceSwitchRoutes(db: Db, gateway: PaymentGateway): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/subscriptions/:subscriptionId/price-switch/preview',
      {
        schema: {
          tags,
          security,
          summary:
            'What switching its price would bill or credit, now or from the next renewal (nothing saved)',
          params,
          querystring: priceSwitchRequestSchema,
          response: { 200: priceSwitchSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return previewPriceSwitch({ db, subscriptionId: request.params.subscriptionId, ...request.query });
      },
    );
    app.post(
      '/subscriptions/:subscriptionId/price-switch',
      {
        schema: {
          tags,
          security,
          summary:
            'Switch its price (its plan): now (the days left billed or credited to the customer’s balance) or from the next renewal',
          headers: idempotencyHeaders,
          params,
          body: priceSwitchRequestSchema,
          response: { 200: providerSubscriptionSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        const caller = requireApiKey(request);
        await switchPrice({
          db,
          gateway,
          subscriptionId: request.params.subscriptionId,
          ...request.body,
          by: { apiKeyName: caller.name },
          idempotency: request.idempotency,
        });
        return readProviderSubscription(db, request.params.subscriptionId);
      },
    );
  };
}
