import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idempotencyHeaders } from '../../contract/api.js';
import { paymentAnswers } from '../../contract/cards.js';
import { idSchema } from '../../contract/fields.js';
import type { Db } from '../../db/connect.js';
import type { PaymentGateway } from '../../gateway/payment-gateway.js';
import { completePayment } from '../../payments/complete-payment.js';
import { requireActor } from '../request-context.js';
import { paymentResult } from './payment-result.js';

export function paymentRoutes(db: Db, gateway: PaymentGateway): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/payments/:paymentId/complete',
      {
        schema: {
          tags: ['payments'],
          summary: 'Finish a payment after the bank’s challenge (3-D Secure): records how it ended',
          headers: idempotencyHeaders,
          params: z.object({ paymentId: idSchema }),
          response: paymentAnswers,
        },
      },
      async (request, reply) => {
        const payment = await completePayment({
          db,
          gateway,
          actor: requireActor(request),
          paymentId: request.params.paymentId,
        });
        return reply.status(payment.status === 'succeeded' ? 200 : 202).send(paymentResult(payment));
      },
    );
  };
}
