import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders } from '../../contract/api.js';
import {
  cardCollectionSchema,
  cardExpirySchema,
  cardTokenReplySchema,
  cardTokenSchema,
  paymentMethodSchema,
  processorSchema,
} from '../../contract/cards.js';
import { idSchema } from '../../contract/fields.js';
import type { Db } from '../../db/connect.js';
import type { PaymentGateway } from '../../gateway/payment-gateway.js';
import { addPaymentMethod } from '../../payments/add-payment-method.js';
import { listPaymentMethods } from '../../payments/list-payment-methods.js';
import { prepareCardForm } from '../../payments/prepare-card-form.js';
import { removePaymentMethod } from '../../payments/remove-payment-method.js';
import { replacePaymentMethod } from '../../payments/replace-payment-method.js';
import { saveCardSource } from '../../payments/save-card-source.js';
import { updateCardExpiry } from '../../payments/update-card-expiry.js';
import { requireActor } from '../request-context.js';

export function paymentMethodRoutes(db: Db, gateway: PaymentGateway): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/payment-methods',
      { schema: { tags: ['payment methods'], response: { 200: z.array(paymentMethodSchema) } } },
      async (request) => listPaymentMethods({ db, actor: requireActor(request) }),
    );

    app.get(
      '/api/processor',
      {
        schema: {
          tags: ['payment methods'],
          summary: 'The card processor in use, and what it can do (the admin center offers only that)',
          response: { 200: processorSchema },
        },
      },
      async () => ({
        processor: gateway.name,
        capabilities: gateway.capabilities,
        publishableKey: gateway.publishableKey ?? null,
      }),
    );

    app.post(
      '/api/payment-methods/card-form',
      {
        schema: {
          tags: ['payment methods'],
          summary:
            'Prepare the processor’s card form (Stripe: a SetupIntent); card data never reaches Settle',
          headers: idempotencyHeaders,
          response: { 200: cardCollectionSchema, 403: errorSchema, 503: errorSchema },
        },
      },
      async (request) => prepareCardForm({ db, gateway, actor: requireActor(request) }),
    );

    app.post(
      '/api/payment-methods/card-sources',
      {
        schema: {
          tags: ['payment methods'],
          summary:
            'Save the card behind a one-time source from the processor’s form (TapPay’s prime); answers its token',
          headers: idempotencyHeaders,
          body: z.object({ prime: z.string().min(1).max(500), name: z.string().max(200) }),
          response: { 201: cardTokenReplySchema, 400: errorSchema, 403: errorSchema, 404: errorSchema },
        },
      },
      async (request, reply) => {
        const card = await saveCardSource({
          db,
          gateway,
          actor: requireActor(request),
          prime: request.body.prime,
          cardholderName: request.body.name,
        });
        return reply.status(201).send(card);
      },
    );

    app.post(
      '/api/payment-methods',
      {
        config: { reauthentication: true },
        schema: {
          tags: ['payment methods'],
          summary: 'Add a card the processor tokenized; you become its owner',
          headers: idempotencyHeaders,
          body: z.object({ token: cardTokenSchema }),
          response: {
            201: z.object({ id: z.string(), brand: z.string(), last4: z.string() }),
            400: errorSchema,
            403: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const card = await addPaymentMethod({
          db,
          gateway,
          actor: requireActor(request),
          token: request.body.token,
        });
        return reply.status(201).send({ id: card.id, brand: card.brand, last4: card.last4 });
      },
    );

    app.post(
      '/api/payment-methods/:paymentMethodId/replace',
      {
        schema: {
          tags: ['payment methods'],
          summary: 'Make this card pay for the given subscriptions, or for all of them',
          headers: idempotencyHeaders,
          params: z.object({ paymentMethodId: idSchema }),
          body: z.object({ subscriptionIds: z.union([z.literal('all'), z.array(idSchema).min(1).max(500)]) }),
          response: { 200: z.object({ replaced: z.number().int() }), 403: errorSchema, 404: errorSchema },
        },
      },
      async (request) =>
        replacePaymentMethod({
          db,
          actor: requireActor(request),
          paymentMethodId: request.params.paymentMethodId,
          subscriptionIds: request.body.subscriptionIds,
        }),
    );

    app.delete(
      '/api/payment-methods/:paymentMethodId',
      {
        schema: {
          tags: ['payment methods'],
          summary: 'Delete a card you added that no subscription uses',
          headers: idempotencyHeaders,
          params: z.object({ paymentMethodId: idSchema }),
          response: { 204: z.null(), 403: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        await removePaymentMethod({
          db,
          actor: requireActor(request),
          paymentMethodId: request.params.paymentMethodId,
        });
        return reply.status(204).send(null);
      },
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
