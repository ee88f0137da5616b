import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idempotencyHeaders } from '../../contract/api.js';
import { paymentAnswers, settleRequestSchema } from '../../contract/cards.js';
import { idSchema } from '../../contract/fields.js';
import type { Db } from '../../db/connect.js';
import type { PaymentGateway } from '../../gateway/payment-gateway.js';
import { settleBalance } from '../../payments/settle-balance.js';
import { requireActor } from '../request-context.js';
import { paymentResult } from './payment-result.js';

/** Settle balance: the whole outstanding balance of a subscription, charged to a card. */
export function settleRoutes(db: Db, gateway: PaymentGateway): FastifyPluginAsyncZod {
  return async (app) => {
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
