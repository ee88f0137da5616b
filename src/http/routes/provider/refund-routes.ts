import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, idempotencyHeaders, pageOf, pageQuerySchema } from '../../../contract/api.js';
import { amountMinorSchema, idSchema, plainTextSchema } from '../../../contract/fields.js';
import { refundObjectSchema, refundReasonSchema } from '../../../contract/objects.js';
import type { Db } from '../../../db/connect.js';
import { AppError } from '../../../domain/errors.js';
import { supportedCurrencies } from '../../../domain/money.js';
import type { PaymentGateway } from '../../../gateway/payment-gateway.js';
import { listProviderRefunds } from '../../../refunds/list-provider-refunds.js';
import { refundPayment } from '../../../refunds/refund-payment.js';
import { readRefundObjects } from '../../../resources/refund-objects.js';
import { requireApiKey } from '../../request-context.js';

const tags = ['provider'];
const security = [{ apiKey: [] }];
const filters = { organizationId: idSchema.optional().describe('Only this customer’s') };

/** Refunds of card payments: asked for, listed across customers, read one by one. */
export function refundRoutes(db: Db, gateway: PaymentGateway): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/payments/:paymentId/refunds',
      {
        schema: {
          tags,
          security,
          summary:
            'Refund a card payment, all that is left or part, with a reason: sent to the processor under the refund’s id (at most once)',
          description:
            'Answers 201 with the refund once the processor has answered (succeeded, or failed with its code), or 202 with it pending when the answer did not come: Settle asks again under the same key until it does, and sends refund.succeeded or refund.failed. One refund of a payment is in flight at a time; never more in all than was paid.',
          headers: idempotencyHeaders,
          params: z.object({ paymentId: idSchema }),
          body: z.object({
            amountMinor: amountMinorSchema
              .optional()
              .describe(
                'In the payment’s currency’s minor units (TWD in whole dollars); all that is left when absent',
              ),
            currency: z.enum(supportedCurrencies).optional().describe('When given, it must be the payment’s'),
            reason: refundReasonSchema.exclude(['unrecorded_charge']),
            note: plainTextSchema(500)
              .trim()
              .min(1)
              .optional()
              .describe('For the customer and the audit log'),
          }),
          response: {
            201: refundObjectSchema,
            202: refundObjectSchema,
            400: errorSchema,
            404: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const caller = requireApiKey(request);
        const { amountMinor, ...rest } = request.body;
        const refund = await refundPayment({
          db,
          gateway,
          paymentId: request.params.paymentId,
          ...rest,
          amountMinor: amountMinor === undefined ? undefined : BigInt(amountMinor),
          by: { apiKeyName: caller.name },
          idempotency: request.idempotency,
        });
        return reply.status(refund.status === 'pending' ? 202 : 201).send(refund);
      },
    );
    app.get(
      '/refunds',
      {
        schema: {
          tags,
          security,
          summary: 'Refunds, newest first',
          querystring: pageQuerySchema.extend({
            organizationId: filters.organizationId,
            paymentId: idSchema.optional().describe('Only this payment’s'),
            status: z.enum(['pending', 'succeeded', 'failed']).optional(),
          }),
          response: { 200: pageOf(refundObjectSchema), 400: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return listProviderRefunds({ db, ...request.query });
      },
    );
    app.get(
      '/refunds/:refundId',
      {
        schema: {
          tags,
          security,
          summary: 'A refund',
          params: z.object({ refundId: idSchema }),
          response: { 200: refundObjectSchema, 404: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        const found = (await readRefundObjects(db, [request.params.refundId])).get(request.params.refundId);
        if (!found) throw new AppError('not_found');
        return found;
      },
    );
  };
}
