import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../domain/errors.js';
import { type SandboxGateway, TokenizeError } from '../../gateway/sandbox-gateway.js';
import { cardInputSchema, cardTokenReplySchema, errorSchema } from '../schemas.js';

/**
 * The sandbox processor's tokenizer, as a processor's card form would call it: the browser sends
 * the card here and gives Settle's API only the token. Settle's own routes never see a number.
 */
export function sandboxTokenizerRoutes(gateway: SandboxGateway): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/gateway/v1/tokens',
      {
        config: { public: true },
        schema: {
          tags: ['sandbox processor'],
          summary: 'Tokenize a card (sandbox processor; test cards as in Stripe test mode)',
          body: cardInputSchema,
          response: {
            201: cardTokenReplySchema,
            400: errorSchema,
          },
        },
      },
      async (request, reply) => {
        try {
          const card = await gateway.tokenizeCard(request.body);
          return reply.status(201).send(card);
        } catch (error) {
          if (error instanceof TokenizeError) throw new AppError(error.code);
          throw error;
        }
      },
    );
  };
}
