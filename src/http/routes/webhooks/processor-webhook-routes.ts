import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../../db/connect.js';
import { AppError } from '../../../domain/errors.js';
import { type PaymentGateway, WebhookSignatureError } from '../../../gateway/payment-gateway.js';
import { applyProcessorNotice } from '../../../payments/apply-processor-notice.js';

/**
 * The processor's webhooks (/webhooks/stripe): the raw body is kept for the signature, which is
 * checked first; only then is anything looked up. 200 tells the processor it was received; a 503
 * (the processor could not be asked back) makes it send the notice again later.
 */
export function processorWebhookRoutes(db: Db, gateway: PaymentGateway): FastifyPluginAsync {
  return async (app) => {
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: 512 * 1024 },
      (_request, body, done) => done(null, body),
    );
    app.post(
      `/webhooks/${gateway.name}`,
      { config: { public: true }, schema: { hide: true } },
      async (request, reply) => {
        const body = request.body;
        if (!Buffer.isBuffer(body)) throw new AppError('webhook_signature_invalid');
        let paymentIds: string[];
        try {
          paymentIds = await gateway.readWebhook(body, request.headers);
        } catch (error) {
          if (error instanceof WebhookSignatureError) throw new AppError('webhook_signature_invalid');
          throw error;
        }
        // Out of reach now, the processor answers 503 and Stripe sends the notice again later.
        const { recorded } = await applyProcessorNotice({ db, gateway, paymentIds });
        return reply.status(200).send({ received: true, recorded });
      },
    );
  };
}
