import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connect.js';
import type { PaymentGateway } from '../../gateway/payment-gateway.js';
import { listPaymentMethods } from '../../payments/list-payment-methods.js';
import { updateCardExpiry } from '../../payments/update-card-expiry.js';
import { requireActor } from '../request-context.js';
import {
  cardExpirySchema,
  errorSchema,
  idempotencyHeaders,
  idSchema,
  paymentMethodSchema,
} from '../schemas.js';

export function paymentMethodRoutes(db: Db, gateway: PaymentGateway): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/payment-methods',
      { schema: { tags: ['payment methods'], response: { 200: z.array(paymentMethodSchema) } } },
      async (request) => listPaymentMethods({ db, actor: requireActor(request) }),
    );

    app.patch(
      '/api/payment-methods/:paymentMethodId',
      {
        schema: {
          tags: ['payment methods'],
          summary: 'Change a card’s expiration date (the admin who added it only)',
          headers: idempotencyHeaders,
          params: z.object({ paymentMethodId: idSchema }),
          body: cardExpirySchema,
          response: {
            200: z.object({ id: z.string(), expMonth: z.number(), expYear: z.number() }),
            403: errorSchema,
            404: errorSchema,
          },
        },
      },
      async (request) => {
        const card = await updateCardExpiry({
          db,
          gateway,
          actor: requireActor(request),
          paymentMethodId: request.params.paymentMethodId,
          expiry: request.body,
        });
        return { id: card.id, expMonth: card.exp_month, expYear: card.exp_year };
      },
    );
  };
}
