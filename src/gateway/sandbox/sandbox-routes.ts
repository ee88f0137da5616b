import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from '../../contract/api.js';
import { cardInputSchema, cardTokenReplySchema } from '../../contract/cards.js';
import { AppError } from '../../domain/errors.js';
import { defaultLocale, isLocale, localeFromAcceptLanguage } from '../../i18n/locale.js';
import { type ChallengePageState, sandboxChallengePage } from './sandbox-challenge-page.js';
import { type SandboxGateway, TokenizeError } from './sandbox-gateway.js';

/**
 * The sandbox processor's own pages, as a processor's card form and its bank's challenge would be:
 * the browser sends the card here and gives Settle's API only the token (Settle's routes never see a
 * number), and the 3-D Secure test page ends a challenge, then tells Settle, as a processor's
 * webhook would (onChallengeEnded).
 */
export function sandboxTokenizerRoutes(
  gateway: SandboxGateway,
  onChallengeEnded: (paymentId: string) => Promise<void>,
): FastifyPluginAsyncZod {
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

    // The challenge page posts an ordinary HTML form.
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 1024 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    const challengeParams = z.object({ paymentId: z.string().min(1).max(100) });
    const pageLocale = (asked: unknown, acceptLanguage: string | undefined) =>
      isLocale(asked) ? asked : (localeFromAcceptLanguage(acceptLanguage) ?? defaultLocale);
    const sendPage = (reply: import('fastify').FastifyReply, html: string) =>
      reply
        // Shown inside the settle drawer, as a bank's page is inside the processor's frame.
        .header('x-frame-options', 'SAMEORIGIN')
        .header(
          'content-security-policy',
          "default-src 'self'; script-src 'self'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'; object-src 'none'",
        )
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(html);

    app.get(
      '/gateway/v1/challenges/:paymentId',
      {
        config: { public: true },
        schema: {
          tags: ['sandbox processor'],
          summary: 'The sandbox bank’s 3-D Secure test page',
          params: challengeParams,
          querystring: z.object({ lang: z.string().max(10).optional() }),
        },
      },
      async (request, reply) => {
        const locale = pageLocale(request.query.lang, request.headers['accept-language']);
        const { paymentId } = request.params;
        const challenge = await gateway.challengeOf(paymentId);
        const state: ChallengePageState = !challenge
          ? { kind: 'missing' }
          : challenge.state === 'requires_action'
            ? { kind: 'ask', ...challenge }
            : { kind: 'closed' };
        return sendPage(reply, sandboxChallengePage({ locale, paymentId, state }));
      },
    );

    app.post(
      '/gateway/v1/challenges/:paymentId',
      {
        config: { public: true },
        schema: {
          tags: ['sandbox processor'],
          summary: 'End the sandbox bank’s challenge: complete or fail the authentication',
          params: challengeParams,
          body: z.object({ result: z.enum(['complete', 'fail']), lang: z.string().max(10).optional() }),
        },
      },
      async (request, reply) => {
        const locale = pageLocale(request.body.lang, request.headers['accept-language']);
        const { paymentId } = request.params;
        const before = await gateway.challengeOf(paymentId);
        if (!before)
          return sendPage(reply, sandboxChallengePage({ locale, paymentId, state: { kind: 'missing' } }));
        const state = await gateway.completeChallenge(paymentId, request.body.result === 'complete');
        if (before.state === 'requires_action') await onChallengeEnded(paymentId);
        const kind =
          state.status === 'succeeded' ? 'succeeded' : state.status === 'failed' ? 'failed' : 'closed';
        return sendPage(reply, sandboxChallengePage({ locale, paymentId, state: { kind } }));
      },
    );
  };
}
